import GRDB
import WarRoomModel

extension CacheWriter {
    /// Starts a drill: the next `DRILL-NNNN`, audited as started by `actor`.
    /// The first incident opened from now on is the drill's.
    public func startDrill(scenario: DrillScenario, target: String, dryRun: Bool, by actor: String,
                           at now: EpochMillis) throws -> String {
        try durably { db in
            let id = try DrillRecords.nextID(in: db)
            try db.execute(sql: "INSERT INTO drill (id, scenario, target, dry_run, started_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, scenario.rawValue, target, dryRun, now])
            let detail = "\(scenario.rawValue) against \(target)\(dryRun ? " (dry run)" : "")"
            let entry = try AuditChain.append(db, at: now, actor: actor, action: "drill-start", subject: id, detail: detail)
            return (id, [entry])
        }
    }

    /// Starts a drill against the configured sites: `site` is taken as failed
    /// (nothing is done to it), an incident marked DRILL opens, and `runbook`
    /// is proposed as a plan whose steps run only where marked `drill: safe`
    /// (none in a dry run) and are reported otherwise. Approvals are real. Only
    /// an approver may start one; never during a real incident at that site,
    /// nor while another drill runs.
    public func startDrill(scenario: DrillScenario, dryRun: Bool, failing site: Site, runbook: Runbook,
                           approvers: ApproverPolicy, target: String, by identity: OperatorIdentity,
                           at now: EpochMillis) throws -> ActionOutcome {
        try durably { db in
            let refuse = { (reason: String) in
                try Self.refuse(ActionRefusal(reason), action: "drill-start", subject: scenario.rawValue, by: identity, at: now, in: db)
            }
            guard approvers.admits(identity) || runbook.policy.admits(identity) else {
                return try refuse("\(identity.name) may not start drills: only the approvers (\(approvers.named ?? runbook.policy.named ?? "nobody")) may")
            }
            if let elsewhere = try ClusterRecords.refusalToOpen("a drill started", verb: "start it", in: db) { return try refuse(elsewhere) }
            if let running = try String.fetchOne(db, sql: "SELECT id FROM drill WHERE ended_at IS NULL ORDER BY id LIMIT 1") {
                return try refuse("\(running) is still running: let its plan end first")
            }
            if let real = try String.fetchOne(db, sql: """
                SELECT id FROM incident WHERE site_id = ? AND status != 'resolved'
                    AND id NOT IN (SELECT incident_id FROM drill WHERE incident_id IS NOT NULL) LIMIT 1
                """, arguments: [site.id]) {
                return try refuse("\(site.name) has an open incident (\(real)): no drill during a real one")
            }
            let drillID = try DrillRecords.nextID(in: db)
            let incidentID = try RecordNumbers.id(.incident, in: db)
            let service = try Row.fetchOne(db, sql: "SELECT * FROM service ORDER BY tier, position LIMIT 1").map(SnapshotQueries.service)
            let dry = dryRun ? ", dry run" : ""
            try AgentEventSQL.apply(.incident(Incident(
                id: incidentID, title: "DRILL \(drillID) · \(site.name) \(scenario.rawValue) (no real outage)", severity: .sev1,
                status: .investigating, commander: nil, serviceID: service?.id, impactStartedAt: now, openedAt: now,
                siteID: site.id)), in: db)
            try db.execute(sql: "INSERT INTO drill (id, scenario, target, dry_run, started_at, incident_id) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [drillID, scenario.rawValue, target, dryRun, now, incidentID])
            var (plan, steps) = runbook.plan(id: try RecordNumbers.id(.plan, in: db), incidentID: incidentID,
                                             proposedBy: identity.name, at: now)
            plan.drill = PlanDrill(id: drillID, dryRun: dryRun)
            try AgentEventSQL.apply(.plan(plan, steps: steps), in: db)
            let runs = steps.filter { !plan.reportsOnly($0) }.count
            let lines = [
                "Drill \(drillID) (\(scenario.rawValue) of \(site.name) against \(target)\(dry)) started by \(identity.name): no real outage; approvals are real and marked drill in the audit",
                "\(runbook.fromSiteID == runbook.toSiteID ? "Restore" : "Failover") plan \(plan.id) proposed: \(runbook.name) (\(steps.count) steps, \(steps.filter { $0.state == .awaitingApproval }.count) await approval; \(runs) run, the others are only reported)",
            ]
            for line in lines {
                try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incidentID, at: now, kind: .incident,
                                                              actor: identity.name, text: line)), in: db)
            }
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "drill-start", subject: drillID,
                                              detail: "\(scenario.rawValue) of \(site.id) against \(target)\(dry): \(incidentID), \(plan.id)")
            return (.recorded(message: "started \(drillID): \(incidentID) and \(plan.id) (\(runbook.name)); \(runs) of \(steps.count) steps run, the others are reported",
                              stepState: nil), [entry])
        }
    }

    /// The incident upkeep of each agent round: escalations as the RTO budget
    /// is spent and for want of a commander (``CommanderEscalation``), and
    /// drills taking their incident and finishing once their failover plan
    /// has ended. Returns the drills finished this round.
    /// With nothing to do it only reads (no write lock taken every round).
    @discardableResult
    public func keepIncidents(at now: EpochMillis) throws -> [DrillResult] {
        let uncommandedSince = now.adding(seconds: -CommanderEscalation.withinSeconds)
        let busy = try dbQueue.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM drill WHERE ended_at IS NULL)
                    OR EXISTS (SELECT 1 FROM incident WHERE status != 'resolved' AND escalated_pct < 80 AND service_id IS NOT NULL)
                    OR EXISTS (\(Self.uncommanded))
                """), arguments: [uncommandedSince, TimelineKind.escalation.rawValue, CommanderEscalation.text]) ?? false
        }
        guard busy else { return [] }
        return try dbQueue.write { db in
            try escalateRTO(at: now, in: db)
            try escalateWithoutCommander(since: uncommandedSince, in: db)
            return try DrillRecords.keep(at: now, in: db)
        }
    }

    /// Open incidents this site keeps (a mirrored one escalates where it is
    /// kept), not a drill's, opened by the first argument and nobody in
    /// command, whose escalation is not on their timeline yet.
    private static let uncommanded = """
        SELECT id, opened_at FROM incident
        WHERE status != 'resolved' AND commander IS NULL AND kept_at IS NULL AND opened_at <= ?
            AND id NOT IN (SELECT incident_id FROM drill WHERE incident_id IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM timeline_event t WHERE t.incident_id = incident.id AND t.kind = ? AND t.text = ?)
        """

    /// Escalates each incident nobody took command of, once, at the moment it became due.
    private func escalateWithoutCommander(since: EpochMillis, in db: Database) throws {
        let rows = try Row.fetchAll(db, sql: Self.uncommanded + " ORDER BY opened_at, id",
                                    arguments: [since, TimelineKind.escalation.rawValue, CommanderEscalation.text])
        for row in rows {
            let openedAt: EpochMillis = try row.decode(forColumn: "opened_at")
            try AgentEventSQL.apply(.timeline(TimelineEvent(
                incidentID: try row.decode(forColumn: "id"), at: openedAt.adding(seconds: CommanderEscalation.withinSeconds), kind: .escalation, actor: "agent",
                text: CommanderEscalation.text)), in: db)
        }
    }

    private func escalateRTO(at now: EpochMillis, in db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT incident.id, incident.impact_started_at, incident.escalated_pct, service.name, service.rto_s
            FROM incident JOIN service ON service.id = incident.service_id
            WHERE incident.status != 'resolved' AND incident.escalated_pct < 80
            """)
        for row in rows {
            let clock = RecoveryObjectives.rtoClock(start: try row.decode(forColumn: "impact_started_at"), now: now, rtoSeconds: try row.decode(forColumn: "rto_s"))
            guard let due = RTOEscalation.due(clock, escalatedPercent: try row.decode(forColumn: "escalated_pct")) else { continue }
            let id: String = try row.decode(forColumn: "id")
            try db.execute(sql: "UPDATE incident SET escalated_pct = ? WHERE id = ?", arguments: [due.percent, id])
            try AgentEventSQL.apply(.timeline(TimelineEvent(
                incidentID: id, at: now, kind: .escalation, actor: "agent",
                text: RTOEscalation.words(percent: due.percent, who: due.who, clock: clock, serviceName: try row.decode(forColumn: "name")))), in: db)
        }
    }

    /// Keeps drills finished in an earlier cache (a demo drill starts on a fresh
    /// one): their results stand alone, their incidents are gone.
    public func restoreDrillHistory(_ results: [DrillResult]) throws {
        try dbQueue.write { db in
            for result in results {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO drill (id, scenario, target, dry_run, started_at, ended_at, result)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [result.id, result.scenario.rawValue, result.target, result.dryRun, result.startedAt,
                                     result.endedAt, try StoredJSON.encodeValue(result)])
            }
        }
    }

    /// Every finished drill since `since` (all when `nil`), oldest first.
    public func drillResults(since: EpochMillis? = nil) throws -> [DrillResult] {
        try dbQueue.read { db in try DrillRecords.results(since: since, in: db) }
    }
}
