/// How a detected site failure turns into action (seed 001 §6.1–6.2).
public enum DecisionMode: String, Sendable, Equatable, CaseIterable, Codable {
    /// The plan runs on its own, except steps the runbook marks `approval: required`.
    case automatic
    /// Every step of the plan needs an operator's approval.
    case manual
    /// Automatic for a critical failure, manual otherwise; the rule is configured.
    case hybrid
}

/// When a site counts as down and as up again, and how long automation holds
/// back after a failover.
public struct DetectionThresholds: Sendable, Equatable {
    /// Consecutive failed rounds of the site's critical checks before it is down.
    public var failedRounds: Int
    /// Consecutive healthy rounds before a down site counts as up (flap damping).
    public var recoveredRounds: Int
    /// No second automatic failover within this many seconds of the last.
    public var antiFlapSeconds: Double
    /// Seconds between detection rounds (each looks at the latest result of every critical check).
    public var roundSeconds: Double

    public init(failedRounds: Int = 3, recoveredRounds: Int = 3, antiFlapSeconds: Double = 1800, roundSeconds: Double = 5) {
        self.failedRounds = failedRounds
        self.recoveredRounds = recoveredRounds
        self.antiFlapSeconds = antiFlapSeconds
        self.roundSeconds = roundSeconds
    }
}

/// The hybrid rule: which failures are critical enough to act on without waiting.
public struct HybridRule: Sendable, Equatable {
    /// A failure of a critical service in one of these tiers is critical.
    public var criticalTiers: Set<Int>

    public init(criticalTiers: Set<Int> = [1]) {
        self.criticalTiers = criticalTiers
    }
}
