import Foundation
import WarRoomClock
import WarRoomCluster
import WarRoomOperators
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// What a configuration makes of the agent: its probe schedule, what it
/// writes first (topology, automation set-up), and its site watch. The same
/// at start and on a reload (SIGHUP).
public struct ConfiguredAgent {
    public let configuration: AgentConfig
    /// The site given on the command line (`--site`, `WARROOM_SITE`), kept over reloads.
    public let siteOverride: String?
    /// This warroom's version, as its views in a cluster carry it.
    public let version: String
    public let schedule: HealthChecks
    public let links: ReplicationProbes
    public let alerts: AlertmanagerSource?
    public let prometheus: PrometheusSource?
    /// This agent's part in its cluster; `nil` for an agent alone.
    public let cluster: ClusterSource?
    /// True when `cluster` was taken over from the configuration before (a
    /// reload that left the cluster as it was): it runs already, under its lease.
    private let clusterCarried: Bool

    /// Why `configuration` cannot run at `site` (the command line's, else
    /// `agent.site`): a site that is not configured, or a cluster that is not
    /// told which site this agent runs at. `nil` when it can.
    public static func siteProblem(_ configuration: AgentConfig, site: String?) -> String? {
        let site = site ?? configuration.site
        if let site, !configuration.sites.contains(where: { $0.id == site }) {
            return "this agent's site '\(site)' is not configured (sites: \(configuration.sites.map(\.id).joined(separator: ", ")))"
        }
        if let cluster = configuration.cluster {
            guard let site else { return "a cluster's agent must know its site: set agent.site, --site or WARROOM_SITE" }
            if let observers = cluster.observers, !observers.contains(site) {
                return "this agent's site '\(site)' is not one of cluster.observers (\(observers.joined(separator: ", ")))"
            }
            // Said, not ignored: an agent that cannot read the CA that verifies etcd must not start as if it could.
            if let ca = cluster.caFile {
                do { _ = try HTTPExchange.verifying(caFile: ca) } catch { return "cluster.ca: \(error)" }
            }
        }
        return nil
    }

    /// Every source stamps and paces on `clock`, the agent loop's own.
    /// - parameter site: overrides `agent.site` (check it first with ``siteProblem(_:site:)``).
    /// - parameter previous: the configuration this one replaces (a reload): when
    ///   the cluster is as it was, its member goes on, lease, views and all — a
    ///   new one would make this agent's views vanish and its decider's key pass on.
    public init(_ configuration: AgentConfig, clock: AgentClock, site: String? = nil, version: String = "",
                replacing previous: ConfiguredAgent? = nil) {
        var configuration = configuration
        if let site { configuration.site = site }
        self.configuration = configuration
        siteOverride = site
        self.version = version
        let now: @Sendable () -> EpochMillis = { clock.now }
        schedule = HealthChecks(checks: configuration.checks, concurrency: configuration.concurrency, now: now)
        links = ReplicationProbes(checks: configuration.linkChecks, now: now)
        alerts = configuration.alertmanager.map { AlertmanagerSource(settings: $0, now: now) }
        prometheus = configuration.prometheus.map { PrometheusSource(settings: $0, now: now) }
        if let previous, let kept = previous.cluster, Self.clusterShape(previous.configuration) == Self.clusterShape(configuration) {
            cluster = kept
            clusterCarried = true
        } else {
            cluster = Self.clusterSource(configuration, now: now)
            clusterCarried = false
        }
    }

    /// What a cluster member is made of: the same shape, the same member.
    private struct ClusterShape: Equatable {
        var settings: ClusterSettings
        var site: String?
        var sites: [String]
        var detection: DetectionThresholds
    }

    private static func clusterShape(_ configuration: AgentConfig) -> ClusterShape? {
        configuration.cluster.map {
            ClusterShape(settings: $0, site: configuration.site, sites: configuration.sites.map(\.id), detection: configuration.detection)
        }
    }

    /// The cluster round, every detection interval, when the configuration has a cluster and this agent a site.
    private static func clusterSource(_ configuration: AgentConfig, now: @escaping @Sendable () -> EpochMillis) -> ClusterSource? {
        guard let settings = configuration.cluster, let site = configuration.site else { return nil }
        let round = configuration.detection.roundSeconds
        // A view still renewed whose round has not moved for a lease (or three rounds) no longer counts.
        let rule = VerdictRule(failedRounds: configuration.detection.failedRounds, quorum: settings.quorum,
                               staleAfterSeconds: max(settings.leaseSeconds, 3 * round))
        // Every call ends within most of a round, so a cut-off agent says so the next round.
        let login = settings.username.flatMap { user in settings.password.map { EtcdLogin(username: user, password: $0) } }
        // With a CA, etcd's certificate is verified against it alone (checked readable by siteProblem first);
        // were it gone since, the system's roots verify it: never no verification.
        let exchange = settings.caFile.flatMap { try? HTTPExchange.verifying(caFile: $0) } ?? HTTPExchange()
        let timeout = max(1, min(round * 0.8, 10))
        let store = EtcdGateway(endpoints: settings.endpoints, timeout: timeout, login: login, exchange: exchange)
        let sites = configuration.sites.map(\.id)
        let member = ClusterMember(store: store, settings: settings, siteID: site, sites: sites,
                                   observers: settings.observers ?? sites, rule: rule)
        return ClusterSource(member: member, siteID: site, intervalSeconds: round, claimSeconds: timeout, now: now)
    }

    /// Where operators' silences are made: this configuration's Alertmanager.
    public var silencer: (any AlertSilencing)? {
        configuration.alertmanager.map { AlertmanagerSilencer(settings: $0) }
    }

    public var sources: [any ObservationSource] {
        [schedule, links] + [alerts as (any ObservationSource)?, prometheus, cluster].compactMap { $0 }
    }

    public func start() {
        schedule.start()
        links.start()
        alerts?.start()
        prometheus?.start()
        if !clusterCarried { cluster?.start() }
    }

    /// Cancels every check; probes in flight end at their timeout at the latest.
    /// - parameter leavingCluster: false when the next configuration goes on with this one's cluster member.
    public func stop(leavingCluster: Bool = true) {
        schedule.stop()
        links.stop()
        alerts?.stop()
        prometheus?.stop()
        if leavingCluster { leaveCluster() }
    }

    /// Ends this agent's lease in its cluster, waiting at most 2 s: its views
    /// vanish and another agent may decide at once, not a lease later.
    private func leaveCluster() {
        guard let cluster else { return }
        let left = DispatchSemaphore(value: 0)
        Task {
            await cluster.leave()
            left.signal()
        }
        _ = left.wait(timeout: .now() + 2)
    }

    public var events: [AgentEvent] {
        [.topology(sites: configuration.sites, services: configuration.services, links: configuration.links),
         .failovers(configuration.preparedFailovers(approversOnRecord: SystemIdentity.approversOnRecord)),
         .automation(approvers: configuration.automationApprovers, antiFlapSeconds: configuration.detection.antiFlapSeconds)]
            + (cluster == nil ? [.alone] : [])
    }

    /// The site watch, going on from the incidents and plans the cache holds.
    public func siteWatch(writer: CacheWriter) throws -> SiteWatch {
        let existing = try writer.existingRecords()
        return SiteWatch(config: configuration, existing: SiteWatch.ExistingRecords(
            openIncidentOfSite: existing.openIncidentOfSite, highestIncidentNumber: existing.incidents,
            highestPlanNumber: existing.plans, criticalSince: existing.criticalSince),
            reserveIncidentNumber: { try? writer.reserveIncidentNumber() },
            reservePlanNumber: { try? writer.reservePlanNumber() }, version: version)
    }

    public var reconfiguration: AgentLoop.Reconfiguration {
        AgentLoop.Reconfiguration(sources: sources, events: events, clusterOutbox: cluster?.outbox, stepClaims: cluster?.claims) { writer in
            try siteWatch(writer: writer)
        }
    }
}
