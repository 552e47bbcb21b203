/// An open incident nobody has taken command of escalates once, this long
/// after it was opened (seed 001 §7): whoever opened it — the agent on
/// detection, or an operator declaring it — and across agent restarts.
public enum CommanderEscalation {
    /// How long an open incident may go without a commander.
    public static let withinSeconds = 300.0

    /// The escalation's timeline line, the same every time (the cache writes it once).
    public static var text: String {
        "No incident commander after \(Format.seconds(withinSeconds)): escalating to the DR lead and VP Engineering"
    }
}
