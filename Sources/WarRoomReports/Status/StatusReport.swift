import WarRoomModel

/// One snapshot of the cache as `warroom status` reports it. Its JSON keys
/// are a stable interface for scripts (documented in the README): keys are
/// only ever added, and unknown values are `null`, never zero.
public struct StatusReport: Codable, Equatable, Sendable {
    public struct SiteLine: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var role: SiteRole
        /// `ok`, `warning`, `critical`, `unknown` or `stale`.
        public var health: HealthState
        public var capacityPercent: Double
        public var loadPercent: Double
        /// Why it is not ok: each service that is not, with its check's words
        /// (`Orders database: critical: connection refused`); empty when ok or stale.
        public var why: [String]
        /// How its failure is decided; left out for a cache no configured agent wrote.
        public var decision: DecisionLine?
    }

    /// Whether a configured failover could go ahead now (``FailoverReadiness``).
    public struct ReadinessLine: Codable, Equatable, Sendable {
        public var from: String
        public var to: String
        public var runbook: String
        public var ready: Bool
        /// `if New York failed now: London would take 73 % load of 80 %, …`.
        public var summary: String
        /// Why it could not go ahead now; empty when ready.
        public var failures: [String]
        public var warnings: [String]

        init(_ readiness: FailoverReadiness, siteName: (String) -> String) {
            from = readiness.failover.fromSiteID
            to = readiness.failover.toSiteID
            runbook = readiness.failover.runbookName
            ready = readiness.isReady
            summary = readiness.summary(siteName: siteName)
            failures = readiness.failures
            warnings = readiness.warnings
        }
    }

    /// A site's decision mode (seed 001 §6.2) and what it means.
    public struct DecisionLine: Codable, Equatable, Sendable {
        /// `manual`, `automatic` or `hybrid`.
        public var mode: DecisionMode
        /// Hybrid: the tiers whose failing critical services are decided automatically.
        public var criticalTiers: [Int]
        /// `every step waits for approval`, ….
        public var meaning: String

        init(_ decision: SiteDecision) {
            mode = decision.mode
            criticalTiers = decision.criticalTiers
            meaning = decision.meaning
        }

        var decision: SiteDecision { SiteDecision(mode: mode, criticalTiers: criticalTiers) }
    }

    public struct ReplicationLine: Codable, Equatable, Sendable {
        public var dataType: String
        public var source: String
        public var target: String
        public var mode: ReplicationMode
        public var state: LinkState
        /// The target's staleness: age of the newest source heartbeat it replayed.
        public var lagSeconds: Double?
        public var lagBytes: Int64?
        /// What a failover now would lose of what was seen: the last source
        /// position seen minus the target's.
        public var dataAtRiskSeconds: Double?
        public var dataAtRiskBytes: Int64?
        /// When the source last answered (agent clock), and how long ago: the
        /// unknown window, never added into the data at risk.
        public var sourceLastSeenAt: EpochMillis?
        public var unknownWindowSeconds: Double?
        /// True when the source has stopped answering: its unknown window is worth a warning.
        public var sourceSilent: Bool
        public var rpoSeconds: Double
        /// `ok`, `warning`, `breach` or `unknown`: the data at risk against the RPO.
        public var rpoStatus: RPOStatus
        /// Why the link is in its state, in the probe's words (`null` when it gave none).
        public var detail: String?

        // Optional values are written as `null`, so every key is always there.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dataType, forKey: .dataType)
            try container.encode(source, forKey: .source)
            try container.encode(target, forKey: .target)
            try container.encode(mode, forKey: .mode)
            try container.encode(state, forKey: .state)
            try container.encode(lagSeconds, forKey: .lagSeconds)
            try container.encode(lagBytes, forKey: .lagBytes)
            try container.encode(dataAtRiskSeconds, forKey: .dataAtRiskSeconds)
            try container.encode(dataAtRiskBytes, forKey: .dataAtRiskBytes)
            try container.encode(sourceLastSeenAt, forKey: .sourceLastSeenAt)
            try container.encode(unknownWindowSeconds, forKey: .unknownWindowSeconds)
            try container.encode(sourceSilent, forKey: .sourceSilent)
            try container.encode(rpoSeconds, forKey: .rpoSeconds)
            try container.encode(rpoStatus, forKey: .rpoStatus)
            try container.encode(detail, forKey: .detail)
        }
    }

    public struct AlertLine: Codable, Equatable, Sendable {
        public var fingerprint: String
        public var name: String
        public var severity: AlertSeverity
        public var site: String?
        public var summary: String
        public var startsAt: EpochMillis

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(name, forKey: .name)
            try container.encode(severity, forKey: .severity)
            try container.encode(site, forKey: .site)
            try container.encode(summary, forKey: .summary)
            try container.encode(startsAt, forKey: .startsAt)
        }
    }

    /// A source read whole (Alertmanager): whether it answers, since when, and why not.
    public struct SourceLine: Codable, Equatable, Sendable {
        public var name: String
        public var ok: Bool
        public var detail: String
        public var since: EpochMillis
    }

    public struct AlertCounts: Codable, Equatable, Sendable {
        public var firing: Int
        public var critical: Int
        public var warning: Int
        /// The most severe firing alerts, newest first.
        public var top: [AlertLine]
    }

    public struct StepLine: Codable, Equatable, Sendable {
        /// The step's number in its plan.
        public var id: Int
        public var key: String
        public var title: String
        public var state: StepState
    }

    public struct PlanLine: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var from: String
        public var to: String
        public var steps: [StepLine]
    }

    /// What a failover away from an incident's site would lose (or, once a
    /// standby was promoted, what the promotion left behind), per data type.
    public struct RiskLine: Codable, Equatable, Sendable {
        public var dataType: String
        public var target: String
        public var dataAtRiskSeconds: Double?
        public var dataAtRiskBytes: Int64?
        public var rpoSeconds: Double

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dataType, forKey: .dataType)
            try container.encode(target, forKey: .target)
            try container.encode(dataAtRiskSeconds, forKey: .dataAtRiskSeconds)
            try container.encode(dataAtRiskBytes, forKey: .dataAtRiskBytes)
            try container.encode(rpoSeconds, forKey: .rpoSeconds)
        }
    }

    public struct IncidentLine: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var severity: IncidentSeverity
        public var status: IncidentStatus
        public var commander: String?
        public var scribe: String?
        public var liaison: String?
        /// The site whose outage it is, when the agent opened it on detection.
        public var site: String?
        /// In a cluster, the site whose agent keeps it (decides on it) when it is not this site's.
        public var keptAt: String?
        public var openedAt: EpochMillis
        public var rtoSeconds: Double?
        public var rtoElapsedSeconds: Double?
        public var rtoStatus: RTOStatus?
        /// The data at risk on the links out of the incident's site.
        public var dataAtRisk: [RiskLine]
        public var plans: [PlanLine]

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(severity, forKey: .severity)
            try container.encode(status, forKey: .status)
            try container.encode(commander, forKey: .commander)
            try container.encode(scribe, forKey: .scribe)
            try container.encode(liaison, forKey: .liaison)
            try container.encode(site, forKey: .site)
            try container.encode(keptAt, forKey: .keptAt)
            try container.encode(openedAt, forKey: .openedAt)
            try container.encode(rtoSeconds, forKey: .rtoSeconds)
            try container.encode(rtoElapsedSeconds, forKey: .rtoElapsedSeconds)
            try container.encode(rtoStatus, forKey: .rtoStatus)
            try container.encode(dataAtRisk, forKey: .dataAtRisk)
            try container.encode(plans, forKey: .plans)
        }
    }

    public struct AgentLine: Codable, Equatable, Sendable {
        public var name: String?
        public var heartbeatAgeSeconds: Double?
        public var heartbeatIntervalSeconds: Double?
        public var stale: Bool

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(heartbeatAgeSeconds, forKey: .heartbeatAgeSeconds)
            try container.encode(heartbeatIntervalSeconds, forKey: .heartbeatIntervalSeconds)
            try container.encode(stale, forKey: .stale)
        }
    }

    /// What automatic failover may do (seed 001 §6.2); `null` for a cache no configured agent wrote.
    public struct AutomationLine: Codable, Equatable, Sendable {
        /// `armed`, `paused` or `held-back`.
        public var state: String
        /// The state in words (who paused it, why, until when; the anti-flap countdown).
        public var text: String
        public var pausedBy: String?
        public var pauseReason: String?
        public var pausedAt: EpochMillis?
        /// `null` while paused until someone resumes.
        public var pausedUntil: EpochMillis?
        public var heldBackUntil: EpochMillis?
        public var heldBackRemainingSeconds: Double?
        public var lastAutomaticFailoverAt: EpochMillis?
        public var lastAutomaticPlan: String?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(state, forKey: .state)
            try container.encode(text, forKey: .text)
            try container.encode(pausedBy, forKey: .pausedBy)
            try container.encode(pauseReason, forKey: .pauseReason)
            try container.encode(pausedAt, forKey: .pausedAt)
            try container.encode(pausedUntil, forKey: .pausedUntil)
            try container.encode(heldBackUntil, forKey: .heldBackUntil)
            try container.encode(heldBackRemainingSeconds, forKey: .heldBackRemainingSeconds)
            try container.encode(lastAutomaticFailoverAt, forKey: .lastAutomaticFailoverAt)
            try container.encode(lastAutomaticPlan, forKey: .lastAutomaticPlan)
        }

        init(_ automation: Automation, at now: EpochMillis) {
            let status = automation.status(at: now)
            state = status.name
            text = automation.describe(at: now)
            lastAutomaticFailoverAt = automation.lastAutomaticFailoverAt
            lastAutomaticPlan = automation.lastAutomaticPlanID
            switch status {
            case .armed: break
            case .paused(let pause):
                pausedBy = pause.by
                pauseReason = pause.reason
                pausedAt = pause.at
                pausedUntil = pause.until
            case .heldBack(_, let until):
                heldBackUntil = until
                heldBackRemainingSeconds = until.seconds(since: now)
            }
        }
    }

    public var sites: [SiteLine]
    /// Each configured failover's readiness; empty for a cache no configured agent wrote.
    public var readiness: [ReadinessLine]
    /// Links whose two ends both answer as primaries; `nil` (the key left out) while none does.
    public var splitBrain: [SplitBrainLine]?
    public var replication: [ReplicationLine]
    public var alerts: AlertCounts
    public var incidents: [IncidentLine]
    public var agent: AgentLine
    public var automation: AutomationLine?
    public var sources: [SourceLine]
    /// The cluster the agent belongs to; `nil` (the key left out) for an agent alone.
    public var cluster: ClusterLine?
    /// The consoles the agents heard from lately, at every site; `nil` (the key left out) while none.
    public var consoles: [ConsoleLine]?
    /// The warroom that wrote the report (`0.1.0`); `nil` leaves the key out.
    public var version: String?

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sites, forKey: .sites)
        try container.encode(readiness, forKey: .readiness)
        try container.encodeIfPresent(splitBrain, forKey: .splitBrain)
        try container.encode(replication, forKey: .replication)
        try container.encode(alerts, forKey: .alerts)
        try container.encode(incidents, forKey: .incidents)
        try container.encode(agent, forKey: .agent)
        try container.encode(automation, forKey: .automation)
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(cluster, forKey: .cluster)
        try container.encodeIfPresent(consoles, forKey: .consoles)
        try container.encodeIfPresent(version, forKey: .version)
    }

    /// True when the data may not be trusted as current (exit code 2): the
    /// agent is stale, or its cluster reads have no quorum (views frozen).
    public var isStale: Bool { agent.stale || cluster?.quorum == false }

    /// Exit status of `warroom status`: 3 while a split brain holds (louder
    /// than anything else), 2 when stale, 0 otherwise.
    public var exitCode: Int32 { splitBrain != nil ? 3 : isStale ? 2 : 0 }
}

extension StatusReport {
    /// Judges `snapshot` at wall-clock `wallNow`: while the agent is stale no
    /// site is shown healthy and no RPO is vouched for.
    public init(snapshot: CacheSnapshot, wallNow: EpochMillis, policy: FreshnessPolicy = FreshnessPolicy(),
                version: String? = nil) {
        self.version = version
        let heartbeat = snapshot.heartbeat
        let stale = policy.isAgentStale(heartbeat, wallNow: wallNow)
        sites = snapshot.sites.map { site in
            SiteLine(id: site.id, name: site.name, role: site.role,
                     health: policy.siteHealth(site.id, in: snapshot, wallNow: wallNow),
                     capacityPercent: site.capacityPercent, loadPercent: site.loadPercent,
                     why: stale ? [] : policy.checks(at: site.id, in: snapshot, wallNow: wallNow).compactMap { check, state in
                         guard state != .ok else { return nil }
                         let words = state == check.state ? check.detail : "its last result is too old to vouch for anything"
                         return "\(snapshot.serviceName(check.serviceID)): \(state.rawValue)" + (words.isEmpty ? "" : ": \(words)")
                     }, decision: site.decision.map(DecisionLine.init))
        }
        let names = Dictionary(snapshot.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        readiness = snapshot.failovers.map { failover in
            ReadinessLine(FailoverReadiness.evaluate(failover, snapshot: snapshot, wallNow: wallNow, policy: policy),
                          siteName: { names[$0] ?? $0 })
        }
        let brains = snapshot.splitBrains.map { SplitBrainLine($0, siteNames: names) }
        splitBrain = brains.isEmpty ? nil : brains
        // Observation times live on the agent's clock.
        let clockNow = AgentHeartbeat.agentNow(heartbeat, wallNow: wallNow)
        replication = snapshot.links.map { link in
            ReplicationLine(dataType: link.dataType, source: link.sourceSiteID, target: link.targetSiteID,
                            mode: link.mode, state: link.state, lagSeconds: link.lagSeconds, lagBytes: link.lagBytes,
                            dataAtRiskSeconds: link.dataAtRiskSeconds, dataAtRiskBytes: link.dataAtRiskBytes,
                            sourceLastSeenAt: link.primarySeenAt,
                            unknownWindowSeconds: link.unknownWindowSeconds(agentNow: clockNow),
                            sourceSilent: link.isSourceSilent,
                            rpoSeconds: link.rpoSeconds,
                            rpoStatus: policy.rpoStatus(of: link, heartbeat: heartbeat, wallNow: wallNow),
                            detail: link.detail)
        }
        alerts = AlertCounts(
            firing: snapshot.firingCounts.values.reduce(0, +),
            critical: snapshot.firingCounts[.critical] ?? 0,
            warning: snapshot.firingCounts[.warning] ?? 0,
            top: snapshot.topAlerts.map {
                AlertLine(fingerprint: $0.fingerprint, name: $0.name, severity: $0.severity,
                          site: $0.siteID, summary: $0.summary, startsAt: $0.startsAt)
            })
        sources = snapshot.sources.map { SourceLine(name: $0.name, ok: $0.ok, detail: $0.detail, since: $0.since) }
        incidents = snapshot.openIncidents.map { incident in
            let rto = incident.serviceID.flatMap { id in snapshot.services.first { $0.id == id } }?.rtoSeconds
            let clock = rto.map { RecoveryObjectives.rtoClock(start: incident.impactStartedAt, now: clockNow, rtoSeconds: $0) }
            return IncidentLine(
                id: incident.id, title: incident.title, severity: incident.severity,
                status: incident.status, commander: incident.commander, scribe: incident.scribe, liaison: incident.liaison,
                site: incident.siteID, keptAt: incident.keptAt, openedAt: incident.openedAt,
                rtoSeconds: rto, rtoElapsedSeconds: clock?.elapsedSeconds, rtoStatus: clock?.status,
                dataAtRisk: snapshot.links.filter { $0.sourceSiteID == incident.siteID }.map {
                    RiskLine(dataType: $0.dataType, target: $0.targetSiteID, dataAtRiskSeconds: $0.dataAtRiskSeconds,
                             dataAtRiskBytes: $0.dataAtRiskBytes, rpoSeconds: $0.rpoSeconds)
                },
                plans: snapshot.plans(for: incident).map { plan in
                    PlanLine(id: plan.id, name: plan.name, from: plan.fromSiteID, to: plan.toSiteID,
                             steps: snapshot.steps(of: plan).map {
                                 StepLine(id: $0.number, key: $0.key, title: $0.title, state: $0.state)
                             })
                })
        }
        agent = AgentLine(name: heartbeat?.agentName, heartbeatAgeSeconds: heartbeat.map { $0.ageSeconds(wallNow: wallNow) },
                          heartbeatIntervalSeconds: heartbeat?.intervalSeconds, stale: stale)
        automation = snapshot.automation.map { AutomationLine($0, at: clockNow) }
        cluster = snapshot.cluster.map { ClusterLine($0, links: snapshot.links, at: clockNow, siteNames: names) }
        let present = ConsolePresence.present(snapshot.consoles, now: wallNow).map(ConsoleLine.init)
        consoles = present.isEmpty ? nil : present
    }
}
