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

    /// Judges a link's lag against its RPO.
    ///
    /// Unknown lag is never taken as zero, and a disconnected link is never `ok`
    /// even while its lag is still inside the RPO: it can only grow.
    public static func rpoStatus(lagSeconds: Double?, state: LinkState, rpoSeconds: Double) -> RPOStatus {
        guard state != .unknown, let lag = lagSeconds, lag.isFinite, lag >= 0 else { return .unknown }
        let status: RPOStatus
        if lag > rpoSeconds {
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
