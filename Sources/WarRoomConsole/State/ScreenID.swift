/// Which screen: a name, and through ``ScreenCatalog`` its place in the tabs,
/// its number key and its titles. Each screen declares its own id beside its
/// type (`ScreenID.overview` in OverviewScreen.swift).
public struct ScreenID: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }

    /// Every screen, in tab order.
    public static var allCases: [ScreenID] { ScreenCatalog.ids }

    public var title: String { ScreenCatalog.screen(self).title }

    /// A shorter title, for tabs on a narrow terminal.
    public var shortTitle: String { ScreenCatalog.screen(self).shortTitle }

    /// Its number key and tab number: its place in the catalog, from 1.
    public var number: Int { (ScreenCatalog.ids.firstIndex(of: self) ?? 0) + 1 }
}

/// How the replication screen orders its links.
public enum LinkOrder: String, CaseIterable, Sendable {
    /// Worst RPO status first, then closest to (or furthest over) the RPO.
    case rpoStatus = "RPO status"
    /// Most data at risk first.
    case dataAtRisk = "data at risk"
    case site = "site"

    public var next: LinkOrder {
        let all = LinkOrder.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }
}
