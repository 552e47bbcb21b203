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

/// The one key map: dispatch, the help overlay and the footer all read it,
/// so help can never drift from what the keys do.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    /// The keys every screen has, the number keys of ``ScreenCatalog``'s screens,
    /// then the keys each screen adds (bound on that screen only).
    public static let standard: KeyMap = {
        var bindings = [
            KeyBinding([.character("?")], .toggleHelp, "show or hide this help"),
            KeyBinding([.character("q"), .controlC], .quit, "quit"),
        ]
        bindings += ScreenCatalog.screens.map { screen in
            KeyBinding([.character(Character(String(screen.id.number)))], .show(screen.id), "\(screen.title): \(screen.summary)")
        }
        bindings += [
            KeyBinding([.tab, .character("l")], .nextScreen, "next screen"),
            KeyBinding([.backTab, .character("h")], .previousScreen, "previous screen"),
            KeyBinding([.down, .character("j")], .moveDown, "select next row"),
            KeyBinding([.up, .character("k")], .moveUp, "select previous row"),
            KeyBinding([.pageDown, .character(" ")], .pageDown, "page down"),
            KeyBinding([.pageUp, .character("b")], .pageUp, "page up"),
            KeyBinding([.home, .character("g")], .top, "first row"),
            KeyBinding([.end, .character("G")], .bottom, "last row"),
            KeyBinding([.escape], .clearFilter, "clear the filter / close help"),
        ]
        for screen in ScreenCatalog.screens {
            for var binding in screen.keys {
                // A key several screens add (the filter) is one binding, on each of them.
                if let index = bindings.firstIndex(where: { $0.keys == binding.keys && $0.action == binding.action }) {
                    bindings[index].screens = (bindings[index].screens ?? []).union([screen.id])
                } else {
                    binding.screens = [screen.id]
                    bindings.append(binding)
                }
            }
        }
        bindings.append(KeyBinding([.character("R")], .refresh, "re-read the cache now"))
        return KeyMap(bindings: bindings)
    }()

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

extension KeyBinding {
    /// `/`: the list screens' filter.
    static let filter = KeyBinding([.character("/")], .startFilter, "filter the list (Enter keeps, Esc clears)", hint: "filter")
}
