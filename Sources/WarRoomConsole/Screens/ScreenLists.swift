import Foundation
import WarRoomModel

/// The rows each list screen shows, after sorting and filtering. The runtime
/// (to bound selection) and the screens (to draw) both use these.
public enum ScreenLists {
    public static func links(_ context: ConsoleContext, order: LinkOrder, filter: String) -> [ReplicationLink] {
        let links = (context.snapshot?.links ?? []).filter { link in
            matches(filter, [link.dataType, link.sourceSiteID, link.targetSiteID, context.siteName(link.targetSiteID),
                             link.state.rawValue, link.mode.rawValue])
        }
        switch order {
        case .rpoStatus:
            return links.sorted { a, b in
                let (ra, rb) = (rank(context.rpoStatus(a)), rank(context.rpoStatus(b)))
                if ra != rb { return ra > rb }
                return budget(a) ?? .infinity > budget(b) ?? .infinity
            }
        case .lag:
            return links.sorted { ($0.dataAtRiskSeconds ?? .infinity) > ($1.dataAtRiskSeconds ?? .infinity) }
        case .site:
            return links.sorted { ($0.targetSiteID, $0.dataType) < ($1.targetSiteID, $1.dataType) }
        }
    }

    /// Data at risk as a share of the RPO (`nil` when unknown).
    public static func budget(_ link: ReplicationLink) -> Double? {
        guard let lag = link.dataAtRiskSeconds else { return nil }
        if link.rpoSeconds <= 0 { return lag > 0 ? .infinity : 0 }
        return lag / link.rpoSeconds
    }

    public static func alerts(_ context: ConsoleContext, filter: String) -> [Alert] {
        (context.snapshot?.alertQueue ?? []).filter { alert in
            matches(filter, [alert.name, alert.summary, alert.severity.rawValue, alert.state.rawValue,
                             alert.siteID ?? "", alert.serviceID ?? ""] + alert.labels.values)
        }
    }

    public static func timeline(_ context: ConsoleContext, newestFirst: Bool, filter: String) -> [TimelineEvent] {
        let events = (context.snapshot?.timeline ?? []).filter { event in
            matches(filter, [event.text, event.actor, event.kind.rawValue])
        }
        return newestFirst ? events.reversed() : events
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
        guard !filter.isEmpty else { return true }
        return fields.contains { $0.localizedCaseInsensitiveContains(filter) }
    }
}
