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
            let rank: Int = row[0]
            if AlertSeverity.allCases.indices.contains(rank) { snapshot.firingCounts[AlertSeverity.allCases[rank], default: 0] += row[1] }
        }
        snapshot.topAlerts = try rows(db, sql: """
            SELECT * FROM alert WHERE state = 'firing' ORDER BY severity_rank DESC, starts_at DESC, fingerprint LIMIT ?
            """, arguments: [limits.topAlerts]).map { alert($0, maps: &memory.alertMaps) }
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
                                           arguments: [plan.id]).map { row in step(row, spec: memory.spec(row["spec"])) }
            }
        }
        snapshot.heartbeat = try heartbeat(db)
        snapshot.splitBrains = try SplitBrainRecords.holding(db)
        snapshot.cluster = try ClusterRecords.read(db)
        snapshot.consoles = try ConsolePresenceRecords.all(db)
        snapshot.automation = try automation(db)
        snapshot.failovers = try rows(db, sql: "SELECT * FROM configured_failover ORDER BY position").map {
            ConfiguredFailover(fromSiteID: $0["from_site_id"], toSiteID: $0["to_site_id"], runbookName: $0["runbook_name"],
                               runbookHash: $0["runbook_hash"], runbookProblem: $0["runbook_problem"],
                               approversRequired: $0["approvers_required"], approversOnRecord: $0["approvers_on_record"])
        }
        snapshot.sources = try rows(db, sql: "SELECT * FROM source_status ORDER BY name").map {
            SourceStatus(name: $0["name"], ok: $0["ok"], detail: $0["detail"], since: $0["since"])
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
            .map { LatencySample(observedAt: $0[0], latencyMs: $0[1]) }
            .reversed()
    }

    /// The newest `limit` samples of a link, oldest first.
    static func linkHistory(_ db: Database, linkID: String, limit: Int) throws -> [LinkSample] {
        try rows(db, sql: """
            SELECT observed_at, state, lag_s, lag_bytes, at_risk_s FROM replication_sample
            WHERE link_id = ? ORDER BY observed_at DESC LIMIT ?
            """, arguments: [linkID, limit])
            .map { row in
                LinkSample(observedAt: row[0], state: LinkState(rawValue: row[1]) ?? .unknown,
                          lagSeconds: row[2], lagBytes: row[3], dataAtRiskSeconds: row[4])
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
            .map { row in AtRiskSample(observedAt: row[0], dataAtRiskSeconds: row[1]) }
            .reversed()
    }

    static func timelineEvent(_ row: Row) -> TimelineEvent {
        TimelineEvent(incidentID: row["incident_id"], at: row["at"], kind: TimelineKind(rawValue: row["kind"]) ?? .note,
                      actor: row["actor"], text: row["text"])
    }

    static func approval(_ row: Row) -> Approval {
        Approval(planID: row["plan_id"], stepNumber: row["step_number"], operatorName: row["operator"],
                 origin: row["origin"], decision: ApprovalDecision(rawValue: row["decision"]) ?? .rejected,
                 comment: row["comment"], decidedAt: row["decided_at"], preflightFacts: row["preflight_facts"],
                 runbookHash: row["runbook_hash"], overrode: row["overrode"], simulated: row["simulated"],
                 siteID: row["site_id"], revision: row["revision"], answering: row["answering"])
    }

    static func site(_ row: Row) -> Site {
        Site(id: row["id"], name: row["name"], location: row["location"],
             role: SiteRole(rawValue: (row["observed_role"] as String?) ?? row["role"]) ?? .tertiary,
             capacityPercent: row["capacity_pct"], loadPercent: row["load_pct"],
             decision: (row["decision"] as String?).flatMap(DecisionMode.init(rawValue:)).map { mode in
                 SiteDecision(mode: mode, criticalTiers: ((row["decision_tiers"] as String?) ?? "")
                     .split(separator: ",").compactMap { Int($0) })
             })
    }

    static func service(_ row: Row) -> Service {
        Service(id: row["id"], name: row["name"], tier: row["tier"], rtoSeconds: row["rto_s"], rpoSeconds: row["rpo_s"],
                critical: row["critical"])
    }

    /// The columns ``healthCheck(_:)`` reads, in its order: by place, not by
    /// name (looking up each column's name in every row was most of a refresh's decoding).
    static let healthCheckColumns = "site_id, service_id, state, latency_ms, error_rate, observed_at, detail"

    /// A check from a row of ``healthCheckColumns``.
    static func healthCheck(_ row: Row) -> HealthCheck {
        HealthCheck(siteID: row[0], serviceID: row[1], state: HealthState(rawValue: row[2]) ?? .unknown,
                    latencyMs: row[3], errorRate: row[4], observedAt: row[5], detail: row[6])
    }

    /// The columns ``link(_:)`` reads, in its order (its configured position last).
    static let linkColumns = """
        id, data_type, source_site_id, target_site_id, mode, rpo_s, state, lag_s, lag_bytes, observed_at, primary_seen_at, \
        at_risk_s, at_risk_bytes, detail, silent_after_s, position
        """

    /// A link from a row of ``linkColumns``.
    static func link(_ row: Row) -> ReplicationLink {
        ReplicationLink(id: row[0], dataType: row[1], sourceSiteID: row[2], targetSiteID: row[3],
                        mode: ReplicationMode(rawValue: row[4]) ?? .async, rpoSeconds: row[5],
                        state: LinkState(rawValue: row[6]) ?? .unknown, lagSeconds: row[7], lagBytes: row[8], observedAt: row[9],
                        primarySeenAt: row[10], dataAtRiskSeconds: row[11], dataAtRiskBytes: row[12], detail: row[13],
                        silentAfterSeconds: row[14])
    }

    static func alert(_ row: Row) -> Alert {
        var maps = StoredMaps()
        return alert(row, maps: &maps)
    }

    /// An alert whose labels and annotations are looked up in `maps` before
    /// they are decoded: a console shows the same alerts refresh after refresh.
    static func alert(_ row: Row, maps: inout StoredMaps) -> Alert {
        Alert(fingerprint: row["fingerprint"], name: row["name"],
              severity: AlertSeverity(rawValue: row["severity"]) ?? .critical,
              state: AlertState(rawValue: row["state"]) ?? .firing,
              siteID: row["site_id"], serviceID: row["service_id"], summary: row["summary"],
              labels: maps.decode(row["labels"]), annotations: maps.decode(row["annotations"]),
              startsAt: row["starts_at"], endsAt: row["ends_at"],
              silenceIDs: StoredJSON.decodeStrings(row["silenced_by"]) ?? [])
    }

    static func incident(_ row: Row) -> Incident {
        Incident(id: row["id"], title: row["title"], severity: IncidentSeverity(rawValue: row["severity"]) ?? .sev1,
                 status: IncidentStatus(stored: row["status"]) ?? .investigating, commander: row["commander"],
                 serviceID: row["service_id"], impactStartedAt: row["impact_started_at"], openedAt: row["opened_at"],
                 mitigatedAt: row["mitigated_at"], resolvedAt: row["resolved_at"], siteID: row["site_id"],
                 scribe: row["scribe"], liaison: row["liaison"], escalatedAt: row["escalated_at"], keptAt: row["kept_at"])
    }

    static func plan(_ row: Row) -> FailoverPlan {
        FailoverPlan(id: row["id"], incidentID: row["incident_id"], name: row["name"], fromSiteID: row["from_site_id"],
                     toSiteID: row["to_site_id"], proposedAt: row["proposed_at"], proposedBy: row["proposed_by"],
                     runbookHash: row["runbook_hash"],
                     // A policy that can't be read names no approver: nobody may approve, never everybody.
                     policy: StoredJSON.decodeValue(ApproverPolicy.self, row["policy"]) ?? ApproverPolicy(),
                     drill: StoredJSON.decodeDrill(row["drill"]), keptAt: row["kept_at"])
    }

    static func step(_ row: Row) -> PlanStep {
        step(row, spec: StoredJSON.decodeValue(StepSpec.self, row["spec"]))
    }

    static func step(_ row: Row, spec: StepSpec?) -> PlanStep {
        PlanStep(planID: row["plan_id"], number: row["number"], key: row["key"], title: row["title"],
                 action: row["action"], requiresApproval: row["requires_approval"],
                 approversRequired: row["approvers_required"], changesProduction: row["changes_production"],
                 state: StepState(rawValue: row["state"]) ?? .unknown, updatedAt: row["updated_at"],
                 output: row["output"], spec: spec,
                 awaitingSince: row["awaiting_since"], processGroup: row["process_group"],
                 processStartTicks: row["process_start_ticks"],
                 startedAt: row["started_at"], endedAt: row["ended_at"])
    }

    static func heartbeat(_ db: Database) throws -> AgentHeartbeat? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agent_heartbeat WHERE id = 1")).map(heartbeat)
    }

    static func automation(_ db: Database) throws -> Automation? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM automation WHERE id = 1")).map { row in
            var pause: AutomationPause?
            if let by: String = row["paused_by"] {
                pause = AutomationPause(by: by, reason: row["paused_reason"] ?? "", at: row["paused_at"] ?? 0,
                                        until: row["paused_until"])
            }
            return Automation(antiFlapSeconds: row["anti_flap_s"], pause: pause,
                              lastAutomaticFailoverAt: row["last_automatic_at"], lastAutomaticPlanID: row["last_automatic_plan"])
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

    static func heartbeat(_ row: Row) -> AgentHeartbeat {
        AgentHeartbeat(agentName: row["agent_name"], processID: row["pid"], wallAt: row["wall_at"],
                       clockAt: row["clock_at"], clockSpeed: row["clock_speed"], intervalSeconds: row["interval_s"],
                       startedAt: row["started_at"])
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
