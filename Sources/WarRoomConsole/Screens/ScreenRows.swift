import Foundation
import WarRoomModel

/// The rows each list screen shows, after sorting and filtering. The runtime
/// (to bound selection) and the screens (to draw) both use these.
public enum ScreenRows {
    /// The links in `order` that match `filter`. Sorted once per snapshot for
    /// each order and filter (three parts of a frame ask), on keys worked
    /// out once per link, not at every comparison.
    public static func links(_ context: ConsoleContext, order: LinkOrder, filter: String) -> LinkRows {
        context.memo.links(LinkListKey(order: order, filter: filter, stale: context.isStale)) {
            sortedLinks(context, order: order, filter: filter)
        }
    }

    private static func sortedLinks(_ context: ConsoleContext, order: LinkOrder, filter: String) -> LinkRows {
        let all = context.snapshot?.links ?? []
        // Staleness once for the list, and each link read where it lies: a fleet's thousand links
        // were copied twice over here at every refresh.
        let stale = context.isStale
        return all.withUnsafeBufferPointer { links in
            let shown = filter.isEmpty ? Array(links.indices) : links.indices.filter { index in
                let link = links[index]
                return matches(filter, [link.dataType, link.sourceSiteID, link.targetSiteID, context.siteName(link.targetSiteID),
                                        link.state.rawValue, link.mode.rawValue])
            }
            let statuses = shown.map { context.policy.rpoStatus(of: links[$0], agentStale: stale) }
            let sorted: [Int]
            switch order {
            case .rpoStatus:
                var keys = shown.indices.map { (rank: rank(statuses[$0]), budget: budget(links[shown[$0]]) ?? .infinity, index: shown[$0]) }
                keys.sort { a, b in a.rank != b.rank ? a.rank > b.rank : a.budget > b.budget }
                sorted = keys.map(\.index)
            case .dataAtRisk:
                var keys = shown.map { (atRisk: links[$0].dataAtRiskSeconds ?? .infinity, index: $0) }
                keys.sort { $0.atRisk > $1.atRisk }
                sorted = keys.map(\.index)
            case .site:
                var keys = shown.map { (site: links[$0].targetSiteID, type: links[$0].dataType, index: $0) }
                keys.sort { ($0.site, $0.type) < ($1.site, $1.type) }
                sorted = keys.map(\.index)
            }
            return LinkRows(all: all, order: sorted, overRPO: statuses.count { $0 == .breach })
        }
    }

    /// Data at risk as a share of the RPO (`nil` when unknown).
    public static func budget(_ link: ReplicationLink) -> Double? {
        guard let lag = link.dataAtRiskSeconds else { return nil }
        if link.rpoSeconds <= 0 { return lag > 0 ? .infinity : 0 }
        return lag / link.rpoSeconds
    }

    /// The window of the alert queue read for the screen: the cache filters,
    /// orders and pages it over every alert (``ListNeeds``).
    public static func alerts(_ context: ConsoleContext) -> ListPage<Alert> {
        context.snapshot?.alertQueue ?? ListPage()
    }

    /// The window of the active incident's timeline read for the screen.
    public static func timeline(_ context: ConsoleContext) -> ListPage<TimelineEvent> {
        context.snapshot?.timeline ?? ListPage()
    }

    /// Every step of every shown plan, in plan order.
    public static func steps(_ context: ConsoleContext) -> [(plan: FailoverPlan, step: PlanStep)] {
        guard let snapshot = context.snapshot else { return [] }
        return snapshot.plans.flatMap { plan in snapshot.steps(of: plan).map { (plan, $0) } }
    }

    private static func rank(_ status: RPOStatus) -> Int {
        switch status {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .breach: 3
        }
    }

    private static func matches(_ filter: String, _ fields: [String]) -> Bool {
        ListFilter.matches(filter, anyOf: fields)
    }
}
