import WarRoomModel

/// One screen of the console, whole: its id and titles, what its number key's
/// help says, the keys it adds, its tab's badge, what a refresh must read for
/// it, how many rows its list has, and how it draws. The tabs, the number
/// keys, the help, the footer, the reads and the reducer's row counts all come
/// from ``ScreenCatalog``: a new screen is its own file and one line there.
protocol ConsoleScreen {
    static var id: ScreenID { get }
    static var title: String { get }
    static var shortTitle: String { get }
    /// What the screen shows, for its number key's line in the help.
    static var summary: String { get }
    /// The keys this screen adds; each is bound on this screen only (one key
    /// shared by several screens is listed by each, and kept once).
    static var keys: [KeyBinding] { get }
    /// A count on its tab (firing alerts, steps awaiting approval), if any now.
    static func tabBadge(_ context: ConsoleContext) -> (text: String, role: StyleRole)?
    /// The windows of long lists a refresh reads for it.
    static func listNeeds(_ state: UIState, height: Int) -> ListNeeds
    /// The sparkline history a refresh reads for it.
    static func sparklineNeeds(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds
    /// Rows of its list (selection moves stay inside them); `nil` when it has none.
    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int?
    /// False while the screen has nothing to show in this deployment (the
    /// Observers of an agent alone): no tab, and its number key does nothing.
    static func isShown(_ context: ConsoleContext) -> Bool

    init(context: ConsoleContext, state: UIState)
    func draw(into frame: inout Frame, rect: Rect)
}

extension ConsoleScreen {
    static var shortTitle: String { title }
    static var keys: [KeyBinding] { [] }
    static func tabBadge(_ context: ConsoleContext) -> (text: String, role: StyleRole)? { nil }
    static func listNeeds(_ state: UIState, height: Int) -> ListNeeds { ListNeeds() }
    static func sparklineNeeds(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds {
        SparklineNeeds()
    }
    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? { nil }
    static func isShown(_ context: ConsoleContext) -> Bool { true }
}
