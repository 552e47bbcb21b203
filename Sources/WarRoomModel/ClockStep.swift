/// A step of the system's wall clock, seen by the agent between two rounds:
/// the wall clock moved by `seconds` more (or less) than the steady clock
/// did. The agent measures on its steady clock, so the step moves no
/// interval, age or RTO elapsed, and no detection or escalation comes of
/// it; it is written to the log and on the open incidents' timelines so the
/// times on either side of it can be read right.
public struct ClockStep: Sendable, Equatable {
    /// A step smaller than this is drift or scheduling noise, not a step: rounds
    /// are a fraction of a second apart and the two clocks are read together.
    public static let thresholdSeconds = 3.0

    /// How far the wall clock stepped: positive forward, negative back.
    public var seconds: Double
    /// When, on the agent's clock (where the timeline's times live).
    public var at: EpochMillis
    /// What the wall clock read just after the step.
    public var wallAt: EpochMillis

    public init(seconds: Double, at: EpochMillis, wallAt: EpochMillis) {
        self.seconds = seconds
        self.at = at
        self.wallAt = wallAt
    }

    /// The step between two readings of how far the wall clock is ahead of
    /// the agent's steady reckoning; `nil` when it is within the threshold.
    public static func between(offsetBefore: Double, offsetAfter: Double, at: EpochMillis,
                               wallAt: EpochMillis) -> ClockStep? {
        let moved = offsetAfter - offsetBefore
        guard moved.isFinite, abs(moved) > thresholdSeconds else { return nil }
        return ClockStep(seconds: moved, at: at, wallAt: wallAt)
    }

    /// `+1h`, `-42 s`.
    public var signedAmount: String {
        (seconds > 0 ? "+" : "") + Format.seconds(seconds)
    }

    /// The sentence for the log and the timelines.
    public var sentence: String {
        "The system clock jumped \(signedAmount) at \(Format.utc(at)) (it now reads \(Format.utc(wallAt))); "
            + "warroom measures on its steady clock, so no interval, age or RTO elapsed moved and nothing was "
            + "detected or escalated by it; times here stay on warroom's clock until the agent restarts"
    }
}
