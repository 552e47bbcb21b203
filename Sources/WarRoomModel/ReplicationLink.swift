/// How a data type is replicated between two sites.
public enum ReplicationMode: String, Codable, Sendable, CaseIterable {
    /// A write commits only once the target has it: nothing acknowledged is unreplicated.
    case sync
    case async
    /// Shipped in periodic batches (logs, archives).
    case batch
}

/// What the replication stream between two sites is doing.
public enum LinkState: String, Codable, Sendable, CaseIterable {
    case streaming
    case catchingUp = "catching_up"
    case disconnected
    /// No report at all: the lag is not known, and is never taken as zero.
    case unknown
}

/// One data type replicated from a source site to a target site, with its
/// latest measurement (see ``ReplicationObservation`` for what each number means).
public struct ReplicationLink: Codable, Sendable, Hashable, Identifiable {
    /// e.g. `session-state:new-york>london`.
    public var id: String
    /// e.g. `session-state`.
    public var dataType: String
    public var sourceSiteID: String
    public var targetSiteID: String
    public var mode: ReplicationMode
    public var rpoSeconds: Double
    public var state: LinkState
    /// Time since the newest primary heartbeat the target has replayed (the
    /// standby's staleness; grows while the primary is silent); `nil` when unknown.
    public var lagSeconds: Double?
    /// Bytes the target has not received yet; `nil` when unknown.
    public var lagBytes: Int64?
    /// When the link was measured; `nil` when never.
    public var observedAt: EpochMillis?
    /// The last successful contact with the source (agent clock); `nil` when never.
    public var primarySeenAt: EpochMillis?
    /// What a failover now would lose of what anybody saw: the last source
    /// position seen minus the target's, in time; `nil` when unknown.
    public var dataAtRiskSeconds: Double?
    /// The same in bytes; `nil` when unknown.
    public var dataAtRiskBytes: Int64?
    /// Why the link is in its state, in the probe's words; `nil` when it gave none.
    public var detail: String?
    /// How long its source may go unheard before it is called silent: two
    /// missed rounds of its own measurement (2 × interval + timeout); `nil`
    /// uses ``RecoveryObjectives/silentSourceAfterSeconds``.
    public var silentAfterSeconds: Double?

    public init(id: String, dataType: String, sourceSiteID: String, targetSiteID: String,
                mode: ReplicationMode, rpoSeconds: Double, state: LinkState = .unknown,
                lagSeconds: Double? = nil, lagBytes: Int64? = nil, observedAt: EpochMillis? = nil,
                primarySeenAt: EpochMillis? = nil, dataAtRiskSeconds: Double? = nil, dataAtRiskBytes: Int64? = nil,
                detail: String? = nil, silentAfterSeconds: Double? = nil) {
        self.silentAfterSeconds = silentAfterSeconds
        self.id = id
        self.dataType = dataType
        self.sourceSiteID = sourceSiteID
        self.targetSiteID = targetSiteID
        self.mode = mode
        self.rpoSeconds = rpoSeconds
        self.state = state
        self.lagSeconds = lagSeconds
        self.lagBytes = lagBytes
        self.observedAt = observedAt
        self.primarySeenAt = primarySeenAt
        self.dataAtRiskSeconds = dataAtRiskSeconds
        self.dataAtRiskBytes = dataAtRiskBytes
        self.detail = detail
    }

    /// The conventional id for a link.
    public static func makeID(dataType: String, source: String, target: String) -> String {
        "\(dataType):\(source)>\(target)"
    }

    /// The data at risk judged against this link's RPO.
    public var rpoStatus: RPOStatus {
        RecoveryObjectives.rpoStatus(dataAtRiskSeconds: dataAtRiskSeconds, state: state, rpoSeconds: rpoSeconds)
    }

    /// Seconds since the last contact with the source at `agentNow`: writes it
    /// may have taken that nobody saw. `nil` when it never answered.
    public func unknownWindowSeconds(agentNow: EpochMillis) -> Double? {
        primarySeenAt.map { max(0, agentNow.seconds(since: $0)) }
    }

    /// True when the source had stopped answering at the latest measurement:
    /// its unknown window is worth a warning beside the data at risk. (Judged
    /// at the measurement, not now, so a measurement merely due is not silence.)
    /// A disconnected link is not by itself a silent source: a replica that
    /// died while its primary answers says nothing against the primary.
    public var isSourceSilent: Bool {
        guard state != .unknown else { return false }
        guard let observedAt, let primarySeenAt else { return state == .disconnected }
        return observedAt.seconds(since: primarySeenAt) > silenceThresholdSeconds
    }

    /// The unheard time after which the source is silent.
    public var silenceThresholdSeconds: Double {
        silentAfterSeconds ?? RecoveryObjectives.silentSourceAfterSeconds
    }

    /// Two missed rounds of a measurement every `interval` that gives up after `timeout`.
    public static func silentAfter(intervalSeconds: Double, timeoutSeconds: Double) -> Double {
        2 * intervalSeconds + timeoutSeconds
    }
}
