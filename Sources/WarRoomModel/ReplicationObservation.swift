/// How far a replication stream has got, in the two units a data store
/// reports: the time of the newest primary heartbeat it carries, and a byte
/// position (WAL LSN, Redis replication offset).
public struct StreamPosition: Sendable, Equatable, Codable {
    /// When the newest heartbeat row the position contains was written on the primary.
    public var heartbeatAt: EpochMillis?
    public var bytes: Int64?

    public init(heartbeatAt: EpochMillis?, bytes: Int64?) {
        self.heartbeatAt = heartbeatAt
        self.bytes = bytes
    }
}

/// One measurement of a replication link, as a probe (or the simulator)
/// reports it.
///
/// Two different questions are answered apart. **Data at risk** is what a
/// failover now would lose of what anybody saw: the last primary position the
/// agent saw minus the standby's position; it stops growing when the primary
/// stops answering. The **lag** is the standby's staleness: the age of the
/// newest primary heartbeat it has replayed, which keeps growing while the
/// primary is silent. The time since the last contact with the primary
/// (``primarySeenAt``) is the unknown window: shown beside the data at risk,
/// never added into it.
public struct ReplicationObservation: Sendable, Equatable {
    public var linkID: String
    public var state: LinkState
    /// When the standby was measured (agent clock).
    public var observedAt: EpochMillis
    /// Age of the newest primary heartbeat the standby has replayed; `nil` when unknown.
    public var lagSeconds: Double?
    /// Bytes the standby has not received of what the primary has now; `nil`
    /// when unknown (always while the primary does not answer).
    public var lagBytes: Int64?
    /// The last successful contact with the primary (agent clock); `nil` when never.
    public var primarySeenAt: EpochMillis?
    /// The last primary position seen minus the standby's, in time; `nil` when unknown.
    public var dataAtRiskSeconds: Double?
    /// The same in bytes; `nil` when unknown.
    public var dataAtRiskBytes: Int64?
    /// Why the link is in its state, in the probe's words (`nil` from the simulator).
    public var detail: String?

    public init(linkID: String, state: LinkState, observedAt: EpochMillis, lagSeconds: Double? = nil,
                lagBytes: Int64? = nil, primarySeenAt: EpochMillis? = nil, dataAtRiskSeconds: Double? = nil,
                dataAtRiskBytes: Int64? = nil, detail: String? = nil) {
        self.linkID = linkID
        self.state = state
        self.observedAt = observedAt
        self.lagSeconds = lagSeconds
        self.lagBytes = lagBytes
        self.primarySeenAt = primarySeenAt
        self.dataAtRiskSeconds = dataAtRiskSeconds
        self.dataAtRiskBytes = dataAtRiskBytes
        self.detail = detail
    }

    /// A measurement from positions: `primary` as last seen at `primarySeenAt`
    /// (`nil` when the primary never answered), `standby` as seen now.
    /// `primaryAnswersNow` tells whether that last contact is this round's.
    public static func measured(linkID: String, state: LinkState, at instant: EpochMillis, primary: StreamPosition?,
                                primarySeenAt: EpochMillis?, primaryAnswersNow: Bool,
                                standby: StreamPosition?) -> ReplicationObservation {
        let risk = RecoveryObjectives.dataAtRisk(lastPrimarySeen: primary, standby: standby)
        return ReplicationObservation(
            linkID: linkID, state: state, observedAt: instant,
            lagSeconds: standby?.heartbeatAt.map { max(0, instant.seconds(since: $0)) },
            lagBytes: primaryAnswersNow ? risk.bytes : nil,
            primarySeenAt: primarySeenAt, dataAtRiskSeconds: risk.seconds, dataAtRiskBytes: risk.bytes)
    }
}
