import WarRoomCluster
import WarRoomModel
import WarRoomProbes

/// What `warroom agent --config` watches and how it decides: the sites,
/// services and replication links of the DR topology, the checks per site
/// and service, detection thresholds, the decision mode per site, and each
/// site's failover runbook. Read and validated by ``ConfigFile``.
public struct AgentConfig: Sendable, Equatable {
    /// Where a site fails over to, by which runbook.
    public struct FailoverRoute: Sendable, Equatable {
        public var toSiteID: String
        public var runbook: Runbook
        /// The runbook file as the configuration names it, resolved against the configuration's folder.
        public var runbookPath: String

        public init(toSiteID: String, runbook: Runbook, runbookPath: String) {
            self.toSiteID = toSiteID
            self.runbook = runbook
            self.runbookPath = runbookPath
        }
    }

    /// How the heartbeat names this agent.
    public var agentName = "agent"
    /// The site this agent runs at (`agent.site`; `--site` and `WARROOM_SITE` override it).
    public var site: String?
    /// The deployment's agents, one a site, and the etcd they share; `nil`: this agent works alone.
    public var cluster: ClusterSettings?
    public var heartbeatIntervalSeconds = 5.0
    /// State changes and per-minute roll-ups older than this are pruned.
    public var retentionSeconds = 24 * 3600.0
    /// Raw check results are kept only this long.
    public var rawRetentionSeconds = 3600.0
    /// Probes running at once, at most.
    public var concurrency = 32
    /// Who may connect to the operator socket.
    public var socket = SocketAccess()
    public var sites: [Site] = []
    public var services: [Service] = []
    /// Services whose checks decide whether their site is down.
    public var criticalServiceIDs: Set<String> = []
    /// Data type → the services that own it.
    public var dataOwners: [String: [String]] = [:]
    public var links: [ReplicationLink] = []
    public var checks: [CheckSpec] = []
    /// How each measured link is measured (links without one are only described).
    public var linkChecks: [LinkCheck] = []
    /// Where alerts come from; `nil`: no Alertmanager is read.
    public var alertmanager: AlertmanagerSettings?
    /// Instant queries mapped onto links and services; `nil`: Prometheus is not asked.
    public var prometheus: PrometheusSettings?
    public var detection = DetectionThresholds()
    public var hybridRule = HybridRule()
    /// The decision mode of each site (the configuration's default where it
    /// names none), kept on the sites (``Site/decision``) so the cache shows it.
    public var decisionModes: [String: DecisionMode] {
        get {
            Dictionary(sites.compactMap { site in site.decision.map { (site.id, $0.mode) } }, uniquingKeysWith: { first, _ in first })
        }
        set {
            for index in sites.indices {
                guard let mode = newValue[sites[index].id] else { continue }
                sites[index].decision = SiteDecision(mode: mode, criticalTiers: Array(hybridRule.criticalTiers))
            }
        }
    }
    /// Who may pause and resume automatic failover, besides every runbook's approvers.
    public var approvers = ApproverPolicy()
    /// Site id → where it fails over to.
    public var failover: [String: FailoverRoute] = [:]
    /// Site id → its restore-in-place runbook (`kind: restore`), for data corruption.
    public var restore: [String: FailoverRoute] = [:]

    public init() {}

    /// Who may pause and resume automatic failover: the configuration's
    /// approvers and every runbook's, since whoever may approve a failover
    /// step may also hold automation back.
    public var automationApprovers: ApproverPolicy {
        var users = approvers.users
        var groups = approvers.groups
        for route in (Array(failover.values) + restore.values).sorted(by: { $0.runbookPath < $1.runbookPath }) {
            users += route.runbook.policy.users.filter { !users.contains($0) }
            groups += route.runbook.policy.groups.filter { !groups.contains($0) }
        }
        return ApproverPolicy(users: users, groups: groups)
    }
}

extension AgentConfig {
    /// The failovers this configuration prepares, in site order, for their
    /// readiness: `approversOnRecord` counts the people a policy names on
    /// this host (a system edge, injected).
    public func preparedFailovers(approversOnRecord: (ApproverPolicy) -> Int?) -> [ConfiguredFailover] {
        sites.compactMap { site in
            failover[site.id].map { route in
                let needed = route.runbook.steps.filter(\.approvalRequired).map(\.approvers).max() ?? 0
                return ConfiguredFailover(fromSiteID: site.id, toSiteID: route.toSiteID, runbookName: route.runbook.name,
                                          runbookHash: route.runbook.contentHash, approversRequired: needed,
                                          approversOnRecord: approversOnRecord(route.runbook.policy))
            }
        }
    }
}
