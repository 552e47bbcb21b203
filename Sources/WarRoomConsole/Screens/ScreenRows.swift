import Foundation
import WarRoomModel

/// The rows each list screen shows, after sorting and filtering. The runtime
/// (to bound selection) and the screens (to draw) both use these.
public enum ScreenRows {
    /// The links in `order` that match `filter`. Sorted once per snapshot for
    /// each order and filter (three parts of a frame ask), on keys worked
    /// out once per link, not at every comparison.
    public static func links(_ context: ConsoleContext, order: LinkOrder, filter: String) -> [ReplicationLink] {
        context.memo.links(LinkListKey(order: order, filter: filter, stale: context.isStale)) {
            sortedLinks(context, order: order, filter: filter)
        }
    }

    private static func sortedLinks(_ context: ConsoleContext, order: LinkOrder, filter: String) -> [ReplicationLink] {
        let all = context.snapshot?.links ?? []
        let links = filter.isEmpty ? all : all.filter { link in
            matches(filter, [link.dataType, link.sourceSiteID, link.targetSiteID, context.siteName(link.targetSiteID),
                             link.state.rawValue, link.mode.rawValue])
        }
        let sorted: [Int]
        switch order {
        case .rpoStatus:
            let keys = links.map { (rank: rank(context.rpoStatus($0)), budget: budget($0) ?? .infinity) }
            sorted = links.indices.sorted { a, b in
                keys[a].rank != keys[b].rank ? keys[a].rank > keys[b].rank : keys[a].budget > keys[b].budget
            }
        case .dataAtRisk:
            let keys = links.map { $0.dataAtRiskSeconds ?? .infinity }
            sorted = links.indices.sorted { keys[$0] > keys[$1] }
        case .site:
            sorted = links.indices.sorted { (links[$0].targetSiteID, links[$0].dataType) < (links[$1].targetSiteID, links[$1].dataType) }
        }
        return sorted.map { links[$0] }
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
