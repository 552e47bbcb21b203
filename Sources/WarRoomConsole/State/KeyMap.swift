/// What a key does.
public enum ConsoleAction: Equatable, Sendable {
    case quit, toggleHelp, nextScreen, previousScreen
    case show(ScreenID)
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case startFilter, clearFilter
    case cycleLinkOrder, toggleTimelineOrder, toggleAlertDetail
    case refresh
    case approveStep, rejectStep, acknowledgeAlert, addNote, silenceAlert, expireSilence
    case pauseOrResumeAutomation
    case takeCommand, handOverCommand, advanceIncident, stepBackIncident, raiseSeverity, lowerSeverity, reopenIncident
}

/// One binding: keys, the action, the words help shows, and whether the
/// action changes anything (such bindings vanish in `--read-only`).
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: ConsoleAction
    public var help: String
    /// Screens it works on; `nil` for every screen.
    public var screens: Set<ScreenID>?
    public var changesData: Bool
    /// A word or two for the footer's key hints; `nil` keeps it out of the footer.
    public var hint: String?

    public init(_ keys: [Key], _ action: ConsoleAction, _ help: String, screens: Set<ScreenID>? = nil,
                changesData: Bool = false, hint: String? = nil) {
        self.keys = keys
        self.action = action
        self.help = help
        self.screens = screens
        self.changesData = changesData
        self.hint = hint
    }
}

/// The one key map: dispatch and the help overlay both read it, so help can
/// never drift from what the keys do.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public static let standard = KeyMap(bindings: [
        KeyBinding([.character("?")], .toggleHelp, "show or hide this help"),
        KeyBinding([.character("q"), .controlC], .quit, "quit"),
        KeyBinding([.character("1")], .show(.overview), "Overview: sites, services, replication, alerts, RTO"),
        KeyBinding([.character("2")], .show(.replication), "Replication: every link, lag against RPO"),
        KeyBinding([.character("3")], .show(.alerts), "Alerts: the queue, with details"),
        KeyBinding([.character("4")], .show(.incident), "Incident: the timeline and RTO clock"),
        KeyBinding([.character("5")], .show(.failover), "Failover: plans, steps, approvals"),
        KeyBinding([.character("6")], .show(.drills), "Drills: test history, failover time trend, compliance"),
        KeyBinding([.tab, .character("l")], .nextScreen, "next screen"),
        KeyBinding([.backTab, .character("h")], .previousScreen, "previous screen"),
        KeyBinding([.down, .character("j")], .moveDown, "select next row"),
        KeyBinding([.up, .character("k")], .moveUp, "select previous row"),
        KeyBinding([.pageDown, .character(" ")], .pageDown, "page down"),
        KeyBinding([.pageUp, .character("b")], .pageUp, "page up"),
        KeyBinding([.home, .character("g")], .top, "first row"),
        KeyBinding([.end, .character("G")], .bottom, "last row"),
        KeyBinding([.character("/")], .startFilter, "filter the list (Enter keeps, Esc clears)",
                   screens: [.replication, .alerts, .incident], hint: "filter"),
        KeyBinding([.escape], .clearFilter, "clear the filter / close help"),
        KeyBinding([.character("s")], .cycleLinkOrder, "sort by RPO status, lag or site", screens: [.replication],
                   hint: "sort"),
        KeyBinding([.character("o")], .toggleTimelineOrder, "oldest or newest first", screens: [.incident], hint: "order"),
        KeyBinding([.enter], .toggleAlertDetail, "show or hide alert details", screens: [.alerts], hint: "details"),
        KeyBinding([.character("a")], .approveStep, "approve the selected step (asks you to confirm)", screens: [.failover],
                   changesData: true, hint: "approve"),
        KeyBinding([.character("r")], .rejectStep, "reject the selected step, with a reason", screens: [.failover],
                   changesData: true, hint: "reject"),
        KeyBinding([.character("P")], .pauseOrResumeAutomation,
                   "pause automatic failover (asks why; plans then wait for approval), or resume it when paused",
                   screens: [.failover], changesData: true, hint: "pause"),
        KeyBinding([.character("A")], .acknowledgeAlert, "acknowledge the selected alert", screens: [.alerts],
                   changesData: true, hint: "ack"),
        KeyBinding([.character("S")], .silenceAlert, "silence the selected alert in Alertmanager (for how long, why)",
                   screens: [.alerts], changesData: true, hint: "silence"),
        KeyBinding([.character("U")], .expireSilence, "expire the selected alert's Alertmanager silence", screens: [.alerts],
                   changesData: true),
        KeyBinding([.character("n")], .addNote, "add a note to the incident's timeline", screens: [.incident],
                   changesData: true, hint: "note"),
        KeyBinding([.character("c")], .takeCommand, "take command of the incident", screens: [.incident],
                   changesData: true, hint: "command"),
        KeyBinding([.character(">")], .advanceIncident, "move the incident on (identified, mitigating, monitoring, resolved)",
                   screens: [.incident], changesData: true, hint: "status"),
        KeyBinding([.character("H")], .handOverCommand, "hand command of the incident to another operator (asks whom)",
                   screens: [.incident], changesData: true, hint: "hand over"),
        KeyBinding([.character("+")], .raiseSeverity, "raise the incident's severity (SEV4 → SEV1)", screens: [.incident],
                   changesData: true, hint: "sev"),
        KeyBinding([.character("-")], .lowerSeverity, "lower the incident's severity", screens: [.incident], changesData: true),
        KeyBinding([.character("O")], .reopenIncident, "reopen the resolved incident on show", screens: [.incident],
                   changesData: true),
        KeyBinding([.character("<")], .stepBackIncident, "move the incident's status back one", screens: [.incident],
                   changesData: true),
        KeyBinding([.character("R")], .refresh, "re-read the cache now"),
    ])

    /// The bindings offered on `screen` (without data-changing ones when read-only).
    public func bindings(on screen: ScreenID, readOnly: Bool) -> [KeyBinding] {
        bindings.filter { binding in
            (binding.screens?.contains(screen) ?? true) && !(readOnly && binding.changesData)
        }
    }

    /// The action `key` triggers on `screen`, if any.
    public func action(for key: Key, on screen: ScreenID, readOnly: Bool) -> ConsoleAction? {
        bindings(on: screen, readOnly: readOnly).first { $0.keys.contains(key) }?.action
    }
}
