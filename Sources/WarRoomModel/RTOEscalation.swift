/// Escalation as the RTO budget is spent (seed 004's escalation matrix): half
/// of it brings in the incident commander and the tech lead, four fifths the
/// full crisis team. Each threshold escalates once per incident.
public enum RTOEscalation {
    /// Percent of the budget, and who is brought in at it.
    public static let thresholds: [(percent: Int, who: String)] = [
        (50, "level 2: incident commander and tech lead"),
        (80, "level 3: the full crisis team"),
    ]

    /// The highest threshold the clock has reached that was not escalated yet
    /// (`escalatedPercent`: the highest already escalated, 0 for none).
    public static func due(_ clock: RTOClock, escalatedPercent: Int) -> (percent: Int, who: String)? {
        guard clock.budgetSeconds > 0 else { return nil }
        let spent = clock.elapsedSeconds / clock.budgetSeconds * 100
        return thresholds.last { Double($0.percent) <= spent && $0.percent > escalatedPercent }
    }

    /// The timeline's words for an escalation at `percent`.
    public static func words(percent: Int, who: String, clock: RTOClock, serviceName: String) -> String {
        "RTO budget \(percent) % spent (\(Format.seconds(clock.elapsedSeconds.rounded())) of \(Format.seconds(clock.budgetSeconds)) for \(serviceName)): escalating to \(who)"
    }
}
