/// Everything about the console that is not data: which screen, what is
/// selected, filters, sort orders, overlays. Changed only by ``ConsoleReducer``.
public struct UIState: Equatable, Sendable {
    public var screen: ScreenID = .overview
    public var showHelp = false
    /// No action that changes anything is offered (keys and help both).
    public var readOnly: Bool
    /// The NOC wall look: no key hints, larger tiles.
    public var kiosk: Bool
    /// Selected row per screen (clamped to the list when drawn).
    public var selection: [ScreenID: Int] = [:]
    /// The filter text per screen; empty shows everything.
    public var filter: [ScreenID: String] = [:]
    /// True while `/` is collecting filter text for the current screen.
    public var isEditingFilter = false
    public var linkOrder: LinkOrder = .rpoStatus
    public var timelineNewestFirst = true
    /// The alert detail pane (labels, annotations) is open.
    public var showAlertDetail = true
    public var quitRequested = false
    /// An open dialog: while it is, keys go to it.
    public var dialog: Dialog?

    public init(readOnly: Bool = false, kiosk: Bool = false) {
        self.readOnly = readOnly
        self.kiosk = kiosk
    }

    public func selected(on screen: ScreenID) -> Int {
        selection[screen] ?? 0
    }

    public func filterText(on screen: ScreenID) -> String {
        filter[screen] ?? ""
    }
}
