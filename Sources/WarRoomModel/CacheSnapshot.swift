/// Everything one refresh reads from the cache, taken in one read transaction
/// so its parts agree with each other.
public struct CacheSnapshot: Sendable, Equatable {
    public var sites: [Site]
    public var services: [Service]
    public var healthChecks: [HealthCheck]
    public var links: [ReplicationLink]
    /// Counts of alerts that are firing (not acknowledged, silenced or resolved).
    public var firingCounts: [AlertSeverity: Int]
    /// The most severe firing alerts, newest first within a severity (bounded).
    public var topAlerts: [Alert]
    /// Incidents that are not resolved, newest first (bounded).
    public var openIncidents: [Incident]
    /// With no incident open, the one opened last (the console's Incident screen shows it, resolved).
    public var lastResolvedIncident: Incident?
    /// The RTO each service of the resolved incident on show achieved, and the
    /// RPO of each data type, as stored at its resolution.
    public var shownServiceRecoveries: [ServiceRecovery] = []
    public var shownRecoveryPoints: [RecoveryPoint] = []
    /// The incident the Incident screen shows: the newest open one, else the one resolved last.
    public var shownIncident: Incident? { openIncidents.first ?? lastResolvedIncident }
    public var plans: [FailoverPlan]
    public var steps: [PlanStep]
    /// `nil` when no agent has ever written to this cache.
    public var heartbeat: AgentHeartbeat?
    /// What automatic failover may do; `nil` when no configured agent wrote the cache (the demo).
    public var automation: Automation?
    /// The failovers the configuration prepares, for readiness; empty for a cache no configured agent wrote.
    public var failovers: [ConfiguredFailover] = []
    /// Links whose two ends both answer as primaries now, oldest first.
    public var splitBrains: [SplitBrain] = []
    /// The sources read whole (Alertmanager) and whether they answer.
    public var sources: [SourceStatus] = []
    /// The cluster this cache's agent belongs to; `nil` for an agent alone.
    public var cluster: ClusterStatus?
    // What follows is read for the console's screens only (windows around a
    // cursor, sparklines, drills): `status`, the exports and the agent never
    // read it.

    /// A window of the alert queue — every alert: firing first, then
    /// acknowledged, silenced and inhibited, then resolved (console only).
    public var alertQueue = ListPage<Alert>()
    /// A window of the first open incident's timeline (console only).
    public var timeline = ListPage<TimelineEvent>()
    /// Every alert the cache holds, by state (kept by the writer; the Alerts screen's header).
    public var alertCounts: [AlertState: Int] = [:]
    /// Decisions on the shown plans' steps, oldest first (console only).
    public var approvals: [Approval] = []
    /// Newest data at risk in seconds per link id, one a measurement, oldest first; `nil` where unknown (console only).
    public var linkHistory: [String: [Double?]] = [:]
    /// Worst check latency per round per site id, oldest first; `nil` where no check answered (console only).
    public var latencyHistory: [String: [Double?]] = [:]
    /// Finished drills, newest first; `nil` when not read (only the console's Drills screen reads them).
    public var drills: [DrillResult]?
    /// Finished drills whose stored result cannot be read (`warroom drill report` names them).
    public var unreadableDrills = 0
    /// Drills started and not finished (console's Drills screen only).
    public var runningDrills: [RunningDrill] = []
    /// The consoles the agents heard from, at every site; stale ones too
    /// (``ConsolePresence/present(_:now:excluding:)`` picks the live ones).
    public var consoles: [ConsolePresence] = []

    public init(sites: [Site] = [], services: [Service] = [], healthChecks: [HealthCheck] = [],
                links: [ReplicationLink] = [], firingCounts: [AlertSeverity: Int] = [:],
                topAlerts: [Alert] = [], openIncidents: [Incident] = [], plans: [FailoverPlan] = [],
                steps: [PlanStep] = [], heartbeat: AgentHeartbeat? = nil) {
        self.sites = sites
        self.services = services
        self.healthChecks = healthChecks
        self.links = links
        self.firingCounts = firingCounts
        self.topAlerts = topAlerts
        self.openIncidents = openIncidents
        self.plans = plans
        self.steps = steps
        self.heartbeat = heartbeat
    }

    public func plans(for incident: Incident) -> [FailoverPlan] {
        plans.filter { $0.incidentID == incident.id }
    }

    public func steps(of plan: FailoverPlan) -> [PlanStep] {
        steps.filter { $0.planID == plan.id }.sorted { $0.number < $1.number }
    }

    public func site(_ id: String) -> Site? {
        sites.first { $0.id == id }
    }

    /// A service's name for its id (the id when it is not known).
    public func serviceName(_ id: String) -> String {
        services.first { $0.id == id }?.name ?? id
    }
}

/// How the freshness of what a snapshot holds is judged.
public struct FreshnessPolicy: Sendable, Equatable {
    /// A health check older than this on the agent's clock (relative to the
    /// agent's last heartbeat) no longer vouches for anything: `unknown`.
    public var maxObservationAgeSeconds: Double

    public init(maxObservationAgeSeconds: Double = 60) {
        self.maxObservationAgeSeconds = maxObservationAgeSeconds
    }

    /// True when the agent is missing or has missed too many heartbeats.
    public func isAgentStale(_ heartbeat: AgentHeartbeat?, wallNow: EpochMillis) -> Bool {
        guard let heartbeat else { return true }
        return heartbeat.isStale(wallNow: wallNow)
    }

    /// The state a health check may be shown as now: `stale` when the agent is
    /// stale, `unknown` when the check itself is too old, else its own state.
    public func effectiveState(of check: HealthCheck, heartbeat: AgentHeartbeat?, wallNow: EpochMillis) -> HealthState {
        guard let heartbeat, !heartbeat.isStale(wallNow: wallNow) else { return .stale }
        let age = heartbeat.clockAt.seconds(since: check.observedAt)
        return age > maxObservationAgeSeconds ? .unknown : check.state
    }

    /// A site's health: the worst of its services' effective states; `unknown`
    /// with no checks at all, `stale` whenever the agent is.
    public func siteHealth(_ siteID: String, in snapshot: CacheSnapshot, wallNow: EpochMillis) -> HealthState {
        siteHealth(of: snapshot.healthChecks.filter { $0.siteID == siteID }, heartbeat: snapshot.heartbeat, wallNow: wallNow)
    }

    /// The one rule of a site's health, from its checks: `stale` whenever the
    /// agent is, else the worst of their effective states (`unknown` with none).
    /// Inlinable, so the console's hundred sites a refresh get it specialized.
    @inlinable
    public func siteHealth<Checks: Sequence>(of checks: Checks, heartbeat: AgentHeartbeat?,
                                             wallNow: EpochMillis) -> HealthState where Checks.Element == HealthCheck {
        if isAgentStale(heartbeat, wallNow: wallNow) { return .stale }
        return HealthState.rollUp(checks.lazy.map { effectiveState(of: $0, heartbeat: heartbeat, wallNow: wallNow) })
    }

    /// Each check at `siteID` with the state it may be shown as now.
    public func checks(at siteID: String, in snapshot: CacheSnapshot,
                       wallNow: EpochMillis) -> [(check: HealthCheck, state: HealthState)] {
        snapshot.healthChecks.filter { $0.siteID == siteID }.map {
            ($0, effectiveState(of: $0, heartbeat: snapshot.heartbeat, wallNow: wallNow))
        }
    }

    /// A failover target's health as its pre-flight judges it: the worst
    /// effective state of its critical services' checks (every service when
    /// none is marked critical), and the non-critical services that are not ok,
    /// which are said beside it and hold nothing back.
    public func targetHealth(_ siteID: String, in snapshot: CacheSnapshot,
                             wallNow: EpochMillis) -> (health: HealthState, otherProblems: [(service: String, state: HealthState)]) {
        if isAgentStale(snapshot.heartbeat, wallNow: wallNow) { return (.stale, []) }
        let critical = Set(snapshot.services.filter(\.critical).map(\.id))
        var states: [HealthState] = []
        var others: [(service: String, state: HealthState)] = []
        for (check, state) in checks(at: siteID, in: snapshot, wallNow: wallNow) {
            if critical.isEmpty || critical.contains(check.serviceID) {
                states.append(state)
            } else if state != .ok {
                others.append((snapshot.serviceName(check.serviceID), state))
            }
        }
        return (HealthState.rollUp(states), others)
    }

    /// A link's RPO status as it may be shown now: `unknown` while the agent is stale.
    public func rpoStatus(of link: ReplicationLink, heartbeat: AgentHeartbeat?, wallNow: EpochMillis) -> RPOStatus {
        rpoStatus(of: link, agentStale: isAgentStale(heartbeat, wallNow: wallNow))
    }

    /// The same, with the agent's staleness worked out once for a list of links.
    @inlinable
    public func rpoStatus(of link: ReplicationLink, agentStale: Bool) -> RPOStatus {
        agentStale ? .unknown : link.rpoStatus
    }
}

/// One lag measurement of a replication link.
public struct LinkSample: Sendable, Equatable {
    public var observedAt: EpochMillis
    public var state: LinkState
    public var lagSeconds: Double?
    public var lagBytes: Int64?
    public var dataAtRiskSeconds: Double?

    public init(observedAt: EpochMillis, state: LinkState, lagSeconds: Double?, lagBytes: Int64?,
                dataAtRiskSeconds: Double? = nil) {
        self.observedAt = observedAt
        self.state = state
        self.lagSeconds = lagSeconds
        self.lagBytes = lagBytes
        self.dataAtRiskSeconds = dataAtRiskSeconds
    }
}

/// The samples behind sparklines, read for the links and sites a screen shows.
public struct SparklineHistory: Sendable, Equatable {
    /// Data at risk in seconds per link id, oldest first.
    public var links: [String: [Double?]]
    public var latency: [String: [Double?]]

    public init(links: [String: [Double?]] = [:], latency: [String: [Double?]] = [:]) {
        self.links = links
        self.latency = latency
    }
}
