/// The console's screens, in tab order.
public enum ScreenID: Int, CaseIterable, Sendable, Hashable {
    case overview = 1, replication, alerts, incident, failover, drills

    public var title: String {
        switch self {
        case .overview: "Overview"
        case .replication: "Replication"
        case .alerts: "Alerts"
        case .incident: "Incident"
        case .failover: "Failover"
        case .drills: "Drills"
        }
    }

    /// A shorter title, for tabs on a narrow terminal.
    public var shortTitle: String {
        switch self {
        case .overview: "Over"
        case .replication: "Repl"
        case .alerts: "Alerts"
        case .incident: "Inc"
        case .failover: "Fail"
        case .drills: "Drills"
        }
    }

    public var next: ScreenID { ScreenID(rawValue: rawValue % ScreenID.allCases.count + 1) ?? .overview }
    public var previous: ScreenID {
        ScreenID(rawValue: (rawValue + ScreenID.allCases.count - 2) % ScreenID.allCases.count + 1) ?? .overview
    }
}

/// How the replication screen orders its links.
public enum LinkOrder: String, CaseIterable, Sendable {
    /// Worst RPO status first, then closest to (or furthest over) the RPO.
    case rpoStatus = "RPO status"
    case lag = "lag"
    case site = "site"

    public var next: LinkOrder {
        let all = LinkOrder.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
