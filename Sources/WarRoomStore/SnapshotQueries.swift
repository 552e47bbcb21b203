import GRDB
import WarRoomModel

/// The bounded queries behind a snapshot, and how rows become domain values.
/// Values this build does not know (a state a newer agent wrote) read as
/// `unknown`, never as healthy.
enum SnapshotQueries {
    /// - parameter memory: what this reader read before; brought up to date
    ///   by reading only what changed since.
    static func snapshot(_ db: Database, limits: SnapshotLimits, memory: inout ReaderMemory) throws -> CacheSnapshot {
        try pendingSnapshot(db, limits: limits, memory: &memory).completed(applyingTo: &memory)
    }

    /// A snapshot read from `db` but for its sites, checks and links, which
    /// are read as changes to `memory` and applied by
    /// ``PendingSnapshot/completed(applyingTo:)`` once the whole read
    /// succeeded: a read that fails leaves the rows (and a snapshot sharing them) as they were.
    static func pendingSnapshot(_ db: Database, limits: SnapshotLimits, memory: inout ReaderMemory) throws -> PendingSnapshot {
        var snapshot = CacheSnapshot()
        let changedRows = try memory.rowChanges(db)
        snapshot.services = try rows(db, sql: "SELECT * FROM service ORDER BY position, id").map(service)
        // By rank, which the queue's index holds: counted there, without reading each alert's row.
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT severity_rank, count(*) FROM alert WHERE state = 'firing' GROUP BY severity_rank
            """)) {
            let rank: Int = try row.decode(atIndex: 0)
            if AlertSeverity.allCases.indices.contains(rank) { snapshot.firingCounts[AlertSeverity.allCases[rank], default: 0] += try row.decode(atIndex: 1) }
        }
        snapshot.topAlerts = try rows(db, sql: """
            SELECT * FROM alert WHERE state = 'firing' ORDER BY severity_rank DESC, starts_at DESC, fingerprint LIMIT ?
            """, arguments: [limits.topAlerts]).map { try alert($0, maps: &memory.alertMaps) }
        snapshot.openIncidents = try rows(db, sql: """
            SELECT * FROM incident WHERE status != 'resolved' ORDER BY opened_at DESC, id LIMIT ?
            """, arguments: [limits.incidents]).map(incident)
        for incident in snapshot.openIncidents {
            let plans = try rows(db, sql: """
                SELECT * FROM failover_plan WHERE incident_id = ? ORDER BY proposed_at, id LIMIT ?
                """, arguments: [incident.id, limits.plansPerIncident]).map(plan)
            snapshot.plans += plans
            for plan in plans {
                snapshot.steps += try rows(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? ORDER BY number",
                                           arguments: [plan.id]).map { row in try step(row, spec: memory.spec(try row.decode(forColumn: "spec"))) }
            }
        }
        snapshot.heartbeat = try heartbeat(db)
        snapshot.splitBrains = try SplitBrainRecords.holding(db)
        snapshot.cluster = try ClusterRecords.read(db)
        snapshot.consoles = try ConsolePresenceRecords.all(db)
        snapshot.automation = try automation(db)
        snapshot.failovers = try rows(db, sql: "SELECT * FROM configured_failover ORDER BY position").map {
            ConfiguredFailover(fromSiteID: try $0.decode(forColumn: "from_site_id"), toSiteID: try $0.decode(forColumn: "to_site_id"), runbookName: try $0.decode(forColumn: "runbook_name"),
                               runbookHash: try $0.decode(forColumn: "runbook_hash"), runbookProblem: try $0.decode(forColumn: "runbook_problem"),
                               approversRequired: try $0.decode(forColumn: "approvers_required"), approversOnRecord: try $0.decode(forColumn: "approvers_on_record"))
        }
        snapshot.sources = try rows(db, sql: "SELECT * FROM source_status ORDER BY name").map {
            SourceStatus(name: try $0.decode(forColumn: "name"), ok: try $0.decode(forColumn: "ok"), detail: try $0.decode(forColumn: "detail"), since: try $0.decode(forColumn: "since"))
        }
        try readConsoleExtras(db, limits: limits, memory: &memory, into: &snapshot)
        return PendingSnapshot(snapshot: snapshot, rows: changedRows)
    }

    /// The lists only the console shows: a window of the alert queue and of
    /// the active incident's timeline, and approvals. (The history behind
    /// sparklines is read apart, for what the screen shows: ``SparklineMemory``.)
    private static func readConsoleExtras(_ db: Database, limits: SnapshotLimits, memory: inout ReaderMemory,
                                          into snapshot: inout CacheSnapshot) throws {
        if let window = limits.alertQueue {
            snapshot.alertCounts = try ListQueries.alertCounts(db)
            snapshot.alertQueue = try ListQueries.alertQueue(db, window: window, counts: snapshot.alertCounts,
                                                             maps: &memory.alertMaps)
        }
        if limits.timeline != nil, snapshot.openIncidents.isEmpty {
            snapshot.lastResolvedIncident = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT * FROM incident WHERE status = 'resolved' ORDER BY opened_at DESC, id LIMIT 1
                """)).map(incident)
            if let resolved = snapshot.lastResolvedIncident {
                snapshot.shownServiceRecoveries = try RecoveryRecords.serviceRecoveries(of: resolved.id, in: db)
                snapshot.shownRecoveryPoints = try RecoveryRecords.recoveryPoints(of: resolved.id, in: db)
            }
        }
        if let window = limits.timeline, let incident = snapshot.shownIncident {
            snapshot.timeline = try ListQueries.timeline(db, incident: incident.id, window: window,
                                                         matches: &memory.timelineMatches)
        }
        if let limit = limits.drills {
            (snapshot.drills, snapshot.unreadableDrills, snapshot.runningDrills) = try memory.drills(db, limit: limit)
        }
        // Decisions on the shown plans: the executor, the dialog and `plans` all need them.
        for plan in snapshot.plans {
            snapshot.approvals += try rows(db, sql: """
                SELECT * FROM approval WHERE plan_id = ? ORDER BY decided_at, id LIMIT 100
                """, arguments: [plan.id]).map(approval)
        }
    }

    /// The newest `limit` latencies of a check (only those after `after`,
    /// when given), oldest first.
    static func latencyHistory(_ db: Database, siteID: String, serviceID: String, limit: Int,
                               after: EpochMillis? = nil) throws -> [LatencySample] {
        try rows(db, sql: """
            SELECT observed_at, latency_ms FROM health_sample WHERE site_id = ? AND service_id = ? AND observed_at > ?
            ORDER BY observed_at DESC LIMIT ?
            """, arguments: [siteID, serviceID, after ?? EpochMillis.min, limit])
            .map { LatencySample(observedAt: try $0.decode(atIndex: 0), latencyMs: try $0.decode(atIndex: 1)) }
            .reversed()
    }

    /// The newest `limit` samples of a link, oldest first.
    static func linkHistory(_ db: Database, linkID: String, limit: Int) throws -> [LinkSample] {
        try rows(db, sql: """
            SELECT observed_at, state, lag_s, lag_bytes, at_risk_s FROM replication_sample
            WHERE link_id = ? ORDER BY observed_at DESC LIMIT ?
            """, arguments: [linkID, limit])
            .map { row in
                LinkSample(observedAt: try row.decode(atIndex: 0), state: LinkState(rawValue: try row.decode(atIndex: 1)) ?? .unknown,
                          lagSeconds: try row.decode(atIndex: 2), lagBytes: try row.decode(atIndex: 3), dataAtRiskSeconds: try row.decode(atIndex: 4))
            }
            .reversed()
    }

    /// The newest `limit` data-at-risk values of a link (only those after
    /// `after`, when given), oldest first: only the two columns a sparkline
    /// needs, as a screenful of sparklines reads ten thousand of them.
    static func atRiskHistory(_ db: Database, linkID: String, limit: Int, after: EpochMillis? = nil) throws -> [AtRiskSample] {
        try rows(db, sql: """
            SELECT observed_at, at_risk_s FROM replication_sample
            WHERE link_id = ? AND observed_at > ? ORDER BY observed_at DESC LIMIT ?
            """, arguments: [linkID, after ?? EpochMillis.min, limit])
            .map { row in AtRiskSample(observedAt: try row.decode(atIndex: 0), dataAtRiskSeconds: try row.decode(atIndex: 1)) }
            .reversed()
    }

    static func timelineEvent(_ row: Row) throws -> TimelineEvent {
        TimelineEvent(incidentID: try row.decode(forColumn: "incident_id"), at: try row.decode(forColumn: "at"), kind: TimelineKind(rawValue: try row.decode(forColumn: "kind")) ?? .note,
                      actor: try row.decode(forColumn: "actor"), text: try row.decode(forColumn: "text"))
    }

    static func approval(_ row: Row) throws -> Approval {
        Approval(planID: try row.decode(forColumn: "plan_id"), stepNumber: try row.decode(forColumn: "step_number"), operatorName: try row.decode(forColumn: "operator"),
                 origin: try row.decode(forColumn: "origin"), decision: ApprovalDecision(rawValue: try row.decode(forColumn: "decision")) ?? .rejected,
                 comment: try row.decode(forColumn: "comment"), decidedAt: try row.decode(forColumn: "decided_at"), preflightFacts: try row.decode(forColumn: "preflight_facts"),
                 runbookHash: try row.decode(forColumn: "runbook_hash"), overrode: try row.decode(forColumn: "overrode"), simulated: try row.decode(forColumn: "simulated"),
                 siteID: try row.decode(forColumn: "site_id"), revision: try row.decode(forColumn: "revision"), answering: try row.decode(forColumn: "answering"))
    }

    static func site(_ row: Row) throws -> Site {
        Site(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), location: try row.decode(forColumn: "location"),
             role: SiteRole(rawValue: try (row.decode(forColumn: "observed_role") as String?) ?? row.decode(forColumn: "role")) ?? .tertiary,
             capacityPercent: try row.decode(forColumn: "capacity_pct"), loadPercent: try row.decode(forColumn: "load_pct"),
             decision: try (try row.decode(forColumn: "decision") as String?).flatMap(DecisionMode.init(rawValue:)).map { mode in
                 SiteDecision(mode: mode, criticalTiers: ((try row.decode(forColumn: "decision_tiers") as String?) ?? "")
                     .split(separator: ",").compactMap { Int($0) })
             })
    }

    static func service(_ row: Row) throws -> Service {
        Service(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), tier: try row.decode(forColumn: "tier"), rtoSeconds: try row.decode(forColumn: "rto_s"), rpoSeconds: try row.decode(forColumn: "rpo_s"),
                critical: try row.decode(forColumn: "critical"))
    }

    /// The columns ``healthCheck(_:)`` reads, in its order: by place, not by
    /// name (looking up each column's name in every row was most of a refresh's decoding).
    static let healthCheckColumns = "site_id, service_id, state, latency_ms, error_rate, observed_at, detail"

    /// A check from a row of ``healthCheckColumns``.
    static func healthCheck(_ row: Row) throws -> HealthCheck {
        HealthCheck(siteID: try row.decode(atIndex: 0), serviceID: try row.decode(atIndex: 1), state: HealthState(rawValue: try row.decode(atIndex: 2)) ?? .unknown,
                    latencyMs: try row.decode(atIndex: 3), errorRate: try row.decode(atIndex: 4), observedAt: try row.decode(atIndex: 5), detail: try row.decode(atIndex: 6))
    }

    /// The columns ``link(_:)`` reads, in its order (its configured position last).
    static let linkColumns = """
        id, data_type, source_site_id, target_site_id, mode, rpo_s, state, lag_s, lag_bytes, observed_at, primary_seen_at, \
        at_risk_s, at_risk_bytes, detail, silent_after_s, position
        """

    /// A link from a row of ``linkColumns``.
    static func link(_ row: Row) throws -> ReplicationLink {
        ReplicationLink(id: try row.decode(atIndex: 0), dataType: try row.decode(atIndex: 1), sourceSiteID: try row.decode(atIndex: 2), targetSiteID: try row.decode(atIndex: 3),
                        mode: ReplicationMode(rawValue: try row.decode(atIndex: 4)) ?? .async, rpoSeconds: try row.decode(atIndex: 5),
                        state: LinkState(rawValue: try row.decode(atIndex: 6)) ?? .unknown, lagSeconds: try row.decode(atIndex: 7), lagBytes: try row.decode(atIndex: 8), observedAt: try row.decode(atIndex: 9),
                        primarySeenAt: try row.decode(atIndex: 10), dataAtRiskSeconds: try row.decode(atIndex: 11), dataAtRiskBytes: try row.decode(atIndex: 12), detail: try row.decode(atIndex: 13),
                        silentAfterSeconds: try row.decode(atIndex: 14))
    }

    static func alert(_ row: Row) throws -> Alert {
        var maps = StoredMaps()
        return try alert(row, maps: &maps)
    }

    /// An alert whose labels and annotations are looked up in `maps` before
    /// they are decoded: a console shows the same alerts refresh after refresh.
    static func alert(_ row: Row, maps: inout StoredMaps) throws -> Alert {
        Alert(fingerprint: try row.decode(forColumn: "fingerprint"), name: try row.decode(forColumn: "name"),
              severity: AlertSeverity(rawValue: try row.decode(forColumn: "severity")) ?? .critical,
              state: AlertState(rawValue: try row.decode(forColumn: "state")) ?? .firing,
              siteID: try row.decode(forColumn: "site_id"), serviceID: try row.decode(forColumn: "service_id"), summary: try row.decode(forColumn: "summary"),
              labels: maps.decode(try row.decode(forColumn: "labels")), annotations: maps.decode(try row.decode(forColumn: "annotations")),
              startsAt: try row.decode(forColumn: "starts_at"), endsAt: try row.decode(forColumn: "ends_at"),
              silenceIDs: StoredJSON.decodeStrings(try row.decode(forColumn: "silenced_by")) ?? [])
    }

    static func incident(_ row: Row) throws -> Incident {
        Incident(id: try row.decode(forColumn: "id"), title: try row.decode(forColumn: "title"), severity: IncidentSeverity(rawValue: try row.decode(forColumn: "severity")) ?? .sev1,
                 status: IncidentStatus(stored: try row.decode(forColumn: "status")) ?? .investigating, commander: try row.decode(forColumn: "commander"),
                 serviceID: try row.decode(forColumn: "service_id"), impactStartedAt: try row.decode(forColumn: "impact_started_at"), openedAt: try row.decode(forColumn: "opened_at"),
                 mitigatedAt: try row.decode(forColumn: "mitigated_at"), resolvedAt: try row.decode(forColumn: "resolved_at"), siteID: try row.decode(forColumn: "site_id"),
                 scribe: try row.decode(forColumn: "scribe"), liaison: try row.decode(forColumn: "liaison"), escalatedAt: try row.decode(forColumn: "escalated_at"), keptAt: try row.decode(forColumn: "kept_at"))
    }

    static func plan(_ row: Row) throws -> FailoverPlan {
        FailoverPlan(id: try row.decode(forColumn: "id"), incidentID: try row.decode(forColumn: "incident_id"), name: try row.decode(forColumn: "name"), fromSiteID: try row.decode(forColumn: "from_site_id"),
                     toSiteID: try row.decode(forColumn: "to_site_id"), proposedAt: try row.decode(forColumn: "proposed_at"), proposedBy: try row.decode(forColumn: "proposed_by"),
                     runbookHash: try row.decode(forColumn: "runbook_hash"),
                     // A policy that can't be read names no approver: nobody may approve, never everybody.
                     policy: StoredJSON.decodeValue(ApproverPolicy.self, try row.decode(forColumn: "policy")) ?? ApproverPolicy(),
                     drill: StoredJSON.decodeDrill(try row.decode(forColumn: "drill")), keptAt: try row.decode(forColumn: "kept_at"))
    }

    static func step(_ row: Row) throws -> PlanStep {
        try step(row, spec: StoredJSON.decodeValue(StepSpec.self, try row.decode(forColumn: "spec")))
    }

    static func step(_ row: Row, spec: StepSpec?) throws -> PlanStep {
        PlanStep(planID: try row.decode(forColumn: "plan_id"), number: try row.decode(forColumn: "number"), key: try row.decode(forColumn: "key"), title: try row.decode(forColumn: "title"),
                 action: try row.decode(forColumn: "action"), requiresApproval: try row.decode(forColumn: "requires_approval"),
                 approversRequired: try row.decode(forColumn: "approvers_required"), changesProduction: try row.decode(forColumn: "changes_production"),
                 state: StepState(rawValue: try row.decode(forColumn: "state")) ?? .unknown, updatedAt: try row.decode(forColumn: "updated_at"),
                 output: try row.decode(forColumn: "output"), spec: spec,
                 awaitingSince: try row.decode(forColumn: "awaiting_since"), processGroup: try row.decode(forColumn: "process_group"),
                 processStartTicks: try row.decode(forColumn: "process_start_ticks"),
                 startedAt: try row.decode(forColumn: "started_at"), endedAt: try row.decode(forColumn: "ended_at"))
    }

    static func heartbeat(_ db: Database) throws -> AgentHeartbeat? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agent_heartbeat WHERE id = 1")).map(heartbeat)
    }

    static func automation(_ db: Database) throws -> Automation? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM automation WHERE id = 1")).map { row in
            var pause: AutomationPause?
            if let by: String = try row.decode(forColumn: "paused_by") {
                pause = AutomationPause(by: by, reason: try row.decode(forColumn: "paused_reason") ?? "", at: try row.decode(forColumn: "paused_at") ?? 0,
                                        until: try row.decode(forColumn: "paused_until"))
            }
            return Automation(antiFlapSeconds: try row.decode(forColumn: "anti_flap_s"), pause: pause,
                              lastAutomaticFailoverAt: try row.decode(forColumn: "last_automatic_at"), lastAutomaticPlanID: try row.decode(forColumn: "last_automatic_plan"))
        }
    }

    /// Who may pause automatic failover and act in place of an incident's
    /// commander: the configured agent's approvers. A cache with none (no
    /// configured agent yet), or a policy that cannot be read, names nobody,
    /// so nobody is admitted by it.
    static func approverPolicy(_ db: Database) throws -> ApproverPolicy {
        let text = try String.fetchOne(db, sql: "SELECT approvers FROM automation WHERE id = 1")
        return StoredJSON.decodeValue(ApproverPolicy.self, text) ?? ApproverPolicy()
    }

    static func heartbeat(_ row: Row) throws -> AgentHeartbeat {
        AgentHeartbeat(agentName: try row.decode(forColumn: "agent_name"), processID: try row.decode(forColumn: "pid"), wallAt: try row.decode(forColumn: "wall_at"),
                       clockAt: try row.decode(forColumn: "clock_at"), clockSpeed: try row.decode(forColumn: "clock_speed"), intervalSeconds: try row.decode(forColumn: "interval_s"),
                       startedAt: try row.decode(forColumn: "started_at"))
    }
}

extension SnapshotQueries {
    /// The rows of a cached statement, made into values while the statement
    /// steps. Unlike `Row.fetchAll` (whose copied rows find a column by
    /// lowercasing its name at every access, the most expensive part of a
    /// fleet-sized read), rows bound to the statement look columns up once.
    static func rows(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> StatementRows {
        StatementRows(cursor: try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: arguments))
    }

    struct StatementRows {
        let cursor: RowCursor

        func map<T>(_ transform: (Row) throws -> T) throws -> [T] {
            var values: [T] = []
            while let row = try cursor.next() { values.append(try transform(row)) }
            return values
        }
    }
}

/// A snapshot read but for the row changes it carries (``SnapshotQueries/pendingSnapshot(_:limits:memory:)``).
struct PendingSnapshot {
    var snapshot: CacheSnapshot
    var rows: ReaderMemory.RowChanges

    /// The snapshot with `memory`'s rows, once they have these changes.
    func completed(applyingTo memory: inout ReaderMemory) -> CacheSnapshot {
        memory.apply(rows)
        var complete = snapshot
        memory.fill(&complete)
        return complete
    }
}
