/// Replication lag judged against a recovery point objective.
public enum RPOStatus: String, Codable, Sendable, CaseIterable {
    case ok
    /// At or above ``RecoveryObjectives/warningFraction`` of the RPO.
    case warning
    /// More data would be lost by a failover now than the RPO allows.
    case breach
    /// The lag is not known: no report, or the link state is unknown.
    case unknown
}

/// Time since an outage began judged against a recovery time objective.
public enum RTOStatus: String, Codable, Sendable, CaseIterable {
    case ok, warning, breach
}

/// Where an incident stands against its RTO.
public struct RTOClock: Equatable, Sendable {
    public var elapsedSeconds: Double
    public var budgetSeconds: Double
    /// Negative once the RTO is breached.
    public var remainingSeconds: Double { budgetSeconds - elapsedSeconds }
    public var status: RTOStatus

    public init(elapsedSeconds: Double, budgetSeconds: Double, status: RTOStatus) {
        self.elapsedSeconds = elapsedSeconds
        self.budgetSeconds = budgetSeconds
        self.status = status
    }
}

/// The RTO/RPO rules. Pure functions, so the console, the status command and
/// the executor's pre-flight all judge the same numbers the same way.
public enum RecoveryObjectives {
    /// The share of an objective at which a warning is raised.
    public static let warningFraction = 0.8

    /// A source silent for longer than this is called out beside its data at
    /// risk, when its link does not say its own cadence (the demo's links).
    public static let silentSourceAfterSeconds = 30.0

    /// The one rule for "over the RPO": more data at risk than the objective allows.
    public static func isOverRPO(dataAtRiskSeconds: Double, rpoSeconds: Double) -> Bool {
        dataAtRiskSeconds > rpoSeconds
    }

    /// Data at risk: the last primary position seen minus the standby's, in
    /// time and in bytes, each `nil` when either side is unknown. A standby
    /// ahead of the last position seen loses nothing that anybody saw: 0.
    public static func dataAtRisk(lastPrimarySeen primary: StreamPosition?,
                                  standby: StreamPosition?) -> (seconds: Double?, bytes: Int64?) {
        var seconds: Double?
        if let seen = primary?.heartbeatAt, let replayed = standby?.heartbeatAt {
            seconds = max(0, seen.seconds(since: replayed))
        }
        var bytes: Int64?
        if let seen = primary?.bytes, let received = standby?.bytes {
            let (difference, overflow) = seen.subtractingReportingOverflow(received)
            bytes = overflow ? nil : max(0, difference)
        }
        return (seconds, bytes)
    }

    /// A silent source's unknown window in words, the one sentence every
    /// reader says (`New York silent for 6m20s: writes since then unknown
    /// (not counted)`): said beside the data at risk, never added into it.
    /// For one link, `behindSeconds` adds how far its standby is behind the
    /// last position seen (`.some(nil)`: not known). The silence comes first:
    /// on a narrow screen the end is what gets cut.
    public static func silenceText(source: String, windowSeconds: Double?, behindSeconds: Double?? = nil) -> String {
        var behind = ""
        if let seconds = behindSeconds {
            behind = (seconds.map { "\(Format.seconds($0)) behind its last position seen" } ?? "data at risk unknown") + ", "
        }
        return "\(source) \(silentFor(windowSeconds)): \(behind)writes since then unknown (not counted)"
    }

    /// ``silenceText(source:windowSeconds:behindSeconds:)`` for one link, or `nil` while its source answers.
    public static func silenceText(of link: ReplicationLink, sourceName: String, agentNow: EpochMillis) -> String? {
        guard link.isSourceSilent else { return nil }
        return silenceText(source: sourceName, windowSeconds: link.unknownWindowSeconds(agentNow: agentNow),
                           behindSeconds: .some(link.dataAtRiskSeconds))
    }

    /// `silent for 6m20s`, or `never reached` when the source never answered.
    public static func silentFor(_ windowSeconds: Double?) -> String {
        windowSeconds.map { "silent for \(Format.seconds($0.rounded()))" } ?? "never reached"
    }

    /// Judges a link's data at risk against its RPO.
    ///
    /// Unknown is never taken as zero, and a disconnected link is never `ok`
    /// even while its data at risk is inside the RPO: its source is silent.
    public static func rpoStatus(dataAtRiskSeconds: Double?, state: LinkState, rpoSeconds: Double) -> RPOStatus {
        guard state != .unknown, let lag = dataAtRiskSeconds, lag.isFinite, lag >= 0 else { return .unknown }
        let status: RPOStatus
        if isOverRPO(dataAtRiskSeconds: lag, rpoSeconds: rpoSeconds) {
            status = .breach
        } else if rpoSeconds > 0 && lag >= rpoSeconds * warningFraction {
            status = .warning
        } else {
            status = .ok
        }
        if state == .disconnected && status == .ok { return .warning }
        return status
    }

    /// Judges the time since an outage began against an RTO.
    public static func rtoStatus(elapsedSeconds: Double, rtoSeconds: Double) -> RTOStatus {
        if elapsedSeconds > rtoSeconds { return .breach }
        if elapsedSeconds >= rtoSeconds * warningFraction { return .warning }
        return .ok
    }

    /// The RTO clock of an outage that began at `start`, read at `now`.
    public static func rtoClock(start: EpochMillis, now: EpochMillis, rtoSeconds: Double) -> RTOClock {
        let elapsed = max(0, now.seconds(since: start))
        return RTOClock(elapsedSeconds: elapsed, budgetSeconds: rtoSeconds,
                        status: rtoStatus(elapsedSeconds: elapsed, rtoSeconds: rtoSeconds))
    }
}
