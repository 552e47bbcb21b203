import Foundation
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// A fleet-sized cache for the render benchmark and the fleet goldens: many
/// sites in regions, a replication link per data type to the next site, a
/// large alert history and one incident with a long timeline. Deterministic
/// for a seed: the same arguments write the same cache.
public struct FleetCache: Sendable {
    public var sites = 100
    public var alerts = 10_000
    public var events = 1_000_000
    public var seed: UInt64 = 1
    /// When the fleet's clock stands (the heartbeat says so).
    public var now: EpochMillis = 1_795_600_000_000

    public init(sites: Int = 100, alerts: Int = 10_000, events: Int = 1_000_000, seed: UInt64 = 1) {
        self.sites = sites
        self.alerts = alerts
        self.events = events
        self.seed = seed
    }

    static let regions = ["us-east", "us-west", "eu-central", "eu-west", "apac"]
    static let cities = ["Ashburn", "Oregon", "Frankfurt", "Dublin", "Singapore", "Tokyo", "Sydney", "Mumbai", "Paris", "London",
                         "Chicago", "Dallas", "Seoul", "Osaka", "Madrid", "Milan", "Zurich", "Warsaw", "Toronto", "Montreal"]
    /// The alert written last; a filter over the whole queue must find it.
    public static let lastAlertName = "ZuluCanaryLastWritten"

    /// Writes the fleet into a new cache at `path`.
    public func write(to path: String) throws {
        var random = SeededRandom(seed: seed)
        let writer = try CacheWriter(path: path)
        let (siteList, services, links) = topology()
        try writer.apply([.topology(sites: siteList, services: services, links: links)])

        var round: [AgentEvent] = []
        for site in siteList {
            for service in services {
                // A calm fleet with a few broken sites: 3 down, 5 degraded.
                let index = Int(site.id.suffix(3)) ?? 0
                let state: HealthState = index % 33 == 7 ? .critical : index % 19 == 4 ? .warning : .ok
                for minute in stride(from: 59, through: 0, by: -1) {
                    round.append(.health(HealthCheck(siteID: site.id, serviceID: service.id, state: state,
                                                     latencyMs: 5 + random.unit() * 40, errorRate: 0,
                                                     observedAt: now - EpochMillis(minute) * 60_000,
                                                     detail: state == .ok ? "" : "HTTP 503 from the load balancer")))
                }
            }
        }
        for link in links {
            for minute in stride(from: 59, through: 0, by: -1) {
                let lag = random.unit() * link.rpoSeconds * (link.id.hasSuffix("007") ? 3 : 0.8)
                round.append(.replication(ReplicationObservation(
                    linkID: link.id, state: .streaming, observedAt: now - EpochMillis(minute) * 60_000, lagSeconds: lag,
                    lagBytes: Int64(lag * 40_000), primarySeenAt: now - EpochMillis(minute) * 60_000,
                    dataAtRiskSeconds: lag, dataAtRiskBytes: Int64(lag * 40_000))))
            }
        }
        try writer.apply(round)

        var alertEvents: [AgentEvent] = []
        for index in 0..<alerts {
            let site = siteList[index % siteList.count]
            let last = index == alerts - 1
            let state: AlertState = last || index % 250 == 0 ? .firing : index % 160 == 1 ? .silenced : .resolved
            let name = last ? Self.lastAlertName : ["DiskFull", "ReplicationLagHigh", "HTTP5xxRate", "CertExpiry", "NodeDown"][index % 5]
            let severity: AlertSeverity = [.critical, .warning, .info][index % 3]
            let labels = ["alertname": name, "site": site.id, "instance": "node-\(index % 97)", "n": "\(index)"]
            alertEvents.append(.alert(Alert(
                fingerprint: Alert.fingerprint(of: labels), name: name, severity: severity, state: state, siteID: site.id,
                serviceID: services[index % services.count].id, summary: "\(name) on node-\(index % 97) at \(site.name)",
                labels: labels, annotations: ["summary": "\(name) on node-\(index % 97)"],
                startsAt: now - EpochMillis(alerts - index) * 30_000,
                endsAt: state == .resolved ? now - EpochMillis(alerts - index) * 30_000 + 600_000 : nil)))
        }
        try writer.apply(alertEvents)

        // About site-007, one of the sites written down above.
        let down = siteList[min(6, siteList.count - 1)]
        let incident = Incident(id: "INC-0001", title: "\(down.name) site down", severity: .sev1, status: .investigating,
                                commander: nil, serviceID: services[0].id, impactStartedAt: now - 600_000,
                                openedAt: now - 590_000, siteID: down.id)
        try writer.apply([.incident(incident)])
        let kinds: [TimelineKind] = [.detection, .alert, .note, .step, .output]
        var written = 0
        while written < events {
            let chunk = min(50_000, events - written)
            try writer.apply((written..<(written + chunk)).map { index in
                .timeline(TimelineEvent(incidentID: incident.id, at: now - 590_000 + EpochMillis(index * 590_000 / max(1, events)),
                                        kind: kinds[index % kinds.count], actor: index % 7 == 0 ? "alice" : "agent",
                                        text: "event \(index): evidence from \(siteList[index % siteList.count].name)"))
            })
            written += chunk
        }
        try writer.beat(heartbeat(at: now))
        try writer.close()
    }

    /// 100 sites in 5 regions, 10 services owning 10 data types, each site
    /// replicating every data type to the next site, and the first site's 12
    /// data copies to far sites (1,012 links at 100 sites).
    func topology() -> ([Site], [Service], [ReplicationLink]) {
        let siteList = (1...sites).map { index -> Site in
            let city = Self.cities[(index - 1) % Self.cities.count]
            let name = index <= Self.cities.count ? city : "\(city) \(((index - 1) / Self.cities.count) + 1)"
            return Site(id: String(format: "site-%03d", index), name: name,
                        location: Self.regions[(index - 1) % Self.regions.count],
                        role: index == 1 ? .primary : index % 3 == 0 ? .tertiary : .secondary,
                        capacityPercent: 100, loadPercent: Double(20 + index % 60))
        }
        let services = (0..<10).map { index in
            Service(id: "svc-\(index)", name: "Service \(index)", tier: 1 + index % 3, rtoSeconds: 900 * Double(1 + index % 3),
                    rpoSeconds: [5, 15, 60][index % 3])
        }
        var links: [ReplicationLink] = []
        for (index, site) in siteList.enumerated() where siteList.count > 1 {
            let target = siteList[(index + 1) % siteList.count]
            for service in services {
                links.append(ReplicationLink(id: ReplicationLink.makeID(dataType: "data-\(service.id)", source: site.id, target: target.id),
                                             dataType: "data-\(service.id)", sourceSiteID: site.id, targetSiteID: target.id,
                                             mode: .async, rpoSeconds: service.rpoSeconds))
            }
        }
        for offset in 0..<min(12, max(0, siteList.count - 2)) {
            let target = siteList[2 + offset * max(1, (siteList.count - 2) / 12)]
            links.append(ReplicationLink(id: ReplicationLink.makeID(dataType: "archive-\(offset)", source: siteList[0].id, target: target.id),
                                         dataType: "archive-\(offset)", sourceSiteID: siteList[0].id, targetSiteID: target.id,
                                         mode: .batch, rpoSeconds: 3600))
        }
        return (siteList, services, links)
    }

    func heartbeat(at instant: EpochMillis) -> AgentHeartbeat {
        AgentHeartbeat(agentName: "fleet", processID: getpid(), wallAt: instant, clockAt: instant, clockSpeed: 1,
                       intervalSeconds: 5, startedAt: now - 3_600_000)
    }
}
