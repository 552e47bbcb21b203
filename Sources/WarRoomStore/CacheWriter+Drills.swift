import GRDB
import WarRoomModel

extension CacheWriter {
    /// Starts a drill: the next `DRILL-NNNN`, audited as started by `actor`.
    /// The first incident opened from now on is the drill's.
    public func startDrill(scenario: DrillScenario, target: String, dryRun: Bool, by actor: String,
                           at now: EpochMillis) throws -> String {
        try durably { db in
            let highest = try Int.fetchOne(db, sql: """
                SELECT max(CAST(substr(id, 7) AS INTEGER)) FROM drill WHERE id LIKE 'DRILL-%'
                """) ?? 0
            let id = "DRILL-" + Format.pad(highest + 1, 4)
            try db.execute(sql: "INSERT INTO drill (id, scenario, target, dry_run, started_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, scenario.rawValue, target, dryRun, now])
            let detail = "\(scenario.rawValue) against \(target)\(dryRun ? " (dry run)" : "")"
            let entry = try AuditChain.append(db, at: now, actor: actor, action: "drill-start", subject: id, detail: detail)
            return (id, [entry])
        }
    }

    /// The incident upkeep of each agent round: escalations as the RTO budget
    /// is spent, and drills taking their incident and finishing once their
    /// failover plan has ended. Returns the drills finished this round.
    /// With nothing to do it only reads (no write lock taken every round).
    @discardableResult
    public func keepIncidents(at now: EpochMillis) throws -> [DrillResult] {
        let busy = try dbQueue.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM drill WHERE ended_at IS NULL)
                    OR EXISTS (SELECT 1 FROM incident WHERE status != 'resolved' AND escalated_pct < 80 AND service_id IS NOT NULL)
                """)) ?? false
        }
        guard busy else { return [] }
        return try dbQueue.write { db in
            try escalateRTO(at: now, in: db)
            return try DrillRecords.keep(at: now, in: db)
        }
    }

    private func escalateRTO(at now: EpochMillis, in db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT incident.id, incident.impact_started_at, incident.escalated_pct, service.name, service.rto_s
            FROM incident JOIN service ON service.id = incident.service_id
            WHERE incident.status != 'resolved' AND incident.escalated_pct < 80
            """)
        for row in rows {
            let clock = RecoveryObjectives.rtoClock(start: row["impact_started_at"], now: now, rtoSeconds: row["rto_s"])
            guard let due = RTOEscalation.due(clock, escalatedPercent: row["escalated_pct"]) else { continue }
            let id: String = row["id"]
            try db.execute(sql: "UPDATE incident SET escalated_pct = ? WHERE id = ?", arguments: [due.percent, id])
            try AgentEventSQL.apply(.timeline(TimelineEvent(
                incidentID: id, at: now, kind: .escalation, actor: "agent",
                text: RTOEscalation.words(percent: due.percent, who: due.who, clock: clock, serviceName: row["name"]))), in: db)
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
