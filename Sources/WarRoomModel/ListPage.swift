/// Which rows of a long list (the alert queue, a timeline) a screen asks
/// for: its filter and order, and a window of rows around its cursor. The
/// list itself may hold a million rows; a read costs the window.
public struct ListWindow: Sendable, Equatable {
    /// Text every row shown contains (ASCII case-insensitive); empty shows all.
    public var filter: String
    /// The first row wanted, counted in the list's order after the filter.
    public var offset: Int
    /// How many rows from `offset`.
    public var limit: Int
    /// For timelines: the newest event first.
    public var newestFirst: Bool

    public init(filter: String = "", offset: Int = 0, limit: Int, newestFirst: Bool = false) {
        self.filter = filter
        self.offset = max(0, offset)
        self.limit = max(0, limit)
        self.newestFirst = newestFirst
    }

    /// The rows a table `height` rows tall may show with `cursor` selected,
    /// and `slack` more either side. A table scrolls so the cursor is on its
    /// bottom row, so the rows above the cursor are the ones shown; below it,
    /// only the first screenful.
    public static func around(_ cursor: Int, height: Int, slack: Int, filter: String = "",
                              newestFirst: Bool = false) -> ListWindow {
        let shown = ListWindow.shown(cursor: max(0, cursor), height: height)
        let first = max(0, shown.lowerBound - slack)
        return ListWindow(filter: filter, offset: first, limit: shown.upperBound + slack - first, newestFirst: newestFirst)
    }

    /// The rows a table `height` rows tall may show with `cursor` selected.
    static func shown(cursor: Int, height: Int) -> Range<Int> {
        max(0, cursor - height)..<max(cursor + 1, height)
    }
}

/// The rows of a long list read for one ``ListWindow``, and how many rows the
/// whole list (after the filter) holds.
public struct ListPage<Item: Sendable & Equatable>: Sendable, Equatable {
    /// Where `items` start in the whole list.
    public var offset: Int
    public var items: [Item]
    /// Rows in the whole list after the filter.
    public var total: Int
    /// The window this page was read for.
    public var window: ListWindow?

    public init(offset: Int = 0, items: [Item] = [], total: Int? = nil, window: ListWindow? = nil) {
        self.offset = offset
        self.items = items
        self.total = total ?? offset + items.count
        self.window = window
    }

    /// Row `index` of the whole list, when this page holds it.
    public subscript(index: Int) -> Item? {
        let local = index - offset
        return items.indices.contains(local) ? items[local] : nil
    }

    /// The rows of the whole list this page holds.
    public var range: Range<Int> { offset..<(offset + items.count) }

    /// True when this page was read for the same filter and order as
    /// `window` and holds every row a table `height` rows tall may show with
    /// `cursor` selected.
    public func covers(_ window: ListWindow, cursor: Int, height: Int) -> Bool {
        guard let read = self.window, read.filter == window.filter, read.newestFirst == window.newestFirst else { return false }
        guard total > 0 else { return true }
        let shown = ListWindow.shown(cursor: min(max(0, cursor), total - 1), height: height).clamped(to: 0..<total)
        return shown.clamped(to: range) == shown
    }
}
