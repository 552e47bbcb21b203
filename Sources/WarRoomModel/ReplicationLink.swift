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
/// latest measured lag.
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
    /// Time since the newest primary heartbeat the target has replayed; `nil` when unknown.
    public var lagSeconds: Double?
    /// Bytes the target has not received yet; `nil` when unknown.
    public var lagBytes: Int64?
    /// When the lag was measured; `nil` when never.
    public var observedAt: EpochMillis?

    public init(id: String, dataType: String, sourceSiteID: String, targetSiteID: String,
                mode: ReplicationMode, rpoSeconds: Double, state: LinkState = .unknown,
                lagSeconds: Double? = nil, lagBytes: Int64? = nil, observedAt: EpochMillis? = nil) {
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
    }

    /// The conventional id for a link.
    public static func makeID(dataType: String, source: String, target: String) -> String {
        "\(dataType):\(source)>\(target)"
    }

    /// The lag judged against this link's RPO.
    public var rpoStatus: RPOStatus {
        RecoveryObjectives.rpoStatus(lagSeconds: lagSeconds, state: state, rpoSeconds: rpoSeconds)
    }
}
