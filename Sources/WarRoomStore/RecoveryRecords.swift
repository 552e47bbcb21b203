import GRDB
import WarRoomModel

/// The RTO and RPO accounting as the cache keeps it: the data at risk taken
/// at each promotion, each service's recovery taken when its incident resolves.
/// The rules are ``RecoveryAccounting``'s; this is where their facts are read.
enum RecoveryRecords {
    /// Open incidents about the former primary keep, for each data type that
    /// replicated from it to the promoted site, the data at risk at this moment.
    /// The first promotion counts: a later one (a flapping probe) changes nothing.
    /// With `linkID`, only that store was seen promoted: only its data type's
    /// point is taken, at its own instant (each store is promoted on its own).
    static func recordRecoveryPoints(promotedSiteID: String, formerPrimaryID: String, at: EpochMillis,
                                     linkID: String? = nil, in db: Database) throws {
        let incidents = try String.fetchAll(db, sql: "SELECT id FROM incident WHERE site_id = ? AND status != 'resolved'",
                                            arguments: [formerPrimaryID])
        guard !incidents.isEmpty else { return }
        let links = try Row.fetchAll(db, sql: """
            SELECT \(SnapshotQueries.linkColumns) FROM replication_link
            WHERE source_site_id = ? AND target_site_id = ? AND (? IS NULL OR id = ?)
            ORDER BY position
            """, arguments: [formerPrimaryID, promotedSiteID, linkID, linkID]).map(SnapshotQueries.link)
        for incident in incidents {
            for link in links { try keep(RecoveryAccounting.recoveryPoint(of: link, promotedAt: at), of: incident, in: db) }
        }
    }

    /// Keeps a data type's recovery point for an incident; the first one kept counts.
    static func keep(_ point: RecoveryPoint, of incidentID: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO recovery_point (incident_id, link_id, data_type, site_id, promoted_at, rpo_s,
                                                  at_risk_s, at_risk_bytes, unknown_window_s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [incidentID, point.linkID, point.dataType, point.siteID, point.promotedAt,
                             point.rpoSeconds, point.dataAtRiskSeconds, point.dataAtRiskBytes,
                             point.unknownWindowSeconds])
    }

    /// Works out and stores each affected service's recovery (replacing what a
    /// resolve before a reopen stored).
    /// - parameter plan: the incident's newest plan with its steps (``latestPlan(of:in:)``), as the caller read it.
    static func recordServiceRecoveries(of incident: Incident, plan: (plan: FailoverPlan, steps: [PlanStep])?,
                                        in db: Database) throws {
        try db.execute(sql: "DELETE FROM service_recovery WHERE incident_id = ?", arguments: [incident.id])
        for (position, recovery) in try workOutServiceRecoveries(of: incident, plan: plan, in: db).enumerated() {
            try db.execute(sql: """
                INSERT INTO service_recovery (incident_id, service_id, service_name, tier, rto_s, site_id, detected_at,
                                              restored_at, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [incident.id, recovery.serviceID, recovery.serviceName, recovery.tier, recovery.rtoSeconds,
                                 recovery.siteID, recovery.detectedAt, recovery.restoredAt, position])
        }
    }

    /// Each affected service's recovery as the cache's facts stand now (reads only).
    static func workOutServiceRecoveries(of incident: Incident, plan: (plan: FailoverPlan, steps: [PlanStep])?,
                                         in db: Database) throws -> [ServiceRecovery] {
        let completedAt = plan.flatMap { RecoveryAccounting.completedAt($0.steps, endedAt: \.endedAt) }
        guard let siteID = completedAt != nil ? plan?.plan.toSiteID : incident.siteID ?? plan?.plan.fromSiteID else { return [] }
        let services = try Row.fetchAll(db, sql: "SELECT * FROM service ORDER BY position").map(SnapshotQueries.service)
        return try RecoveryAccounting.serviceRecoveries(
            incident: incident, services: services, siteID: siteID, failoverCompletedAt: completedAt,
            health: { serviceID in try healthChanges(siteID: siteID, serviceID: serviceID, in: db) })
    }

    static func serviceRecoveries(of incidentID: String, in db: Database) throws -> [ServiceRecovery] {
        try Row.fetchAll(db, sql: "SELECT * FROM service_recovery WHERE incident_id = ? ORDER BY position",
                         arguments: [incidentID]).map { row in
            ServiceRecovery(serviceID: try row.decode(forColumn: "service_id"), serviceName: try row.decode(forColumn: "service_name"), tier: try row.decode(forColumn: "tier"),
                            rtoSeconds: try row.decode(forColumn: "rto_s"), siteID: try row.decode(forColumn: "site_id"), detectedAt: try row.decode(forColumn: "detected_at"),
                            restoredAt: try row.decode(forColumn: "restored_at"))
        }
    }

    static func recoveryPoints(of incidentID: String, in db: Database) throws -> [RecoveryPoint] {
        try Row.fetchAll(db, sql: """
            SELECT recovery_point.* FROM recovery_point LEFT JOIN replication_link ON replication_link.id = link_id
            WHERE incident_id = ? ORDER BY coalesce(replication_link.position, 0), link_id
            """, arguments: [incidentID]).map { row in
            RecoveryPoint(linkID: try row.decode(forColumn: "link_id"), dataType: try row.decode(forColumn: "data_type"), siteID: try row.decode(forColumn: "site_id"),
                          promotedAt: try row.decode(forColumn: "promoted_at"), rpoSeconds: try row.decode(forColumn: "rpo_s"), dataAtRiskSeconds: try row.decode(forColumn: "at_risk_s"),
                          dataAtRiskBytes: try row.decode(forColumn: "at_risk_bytes"), unknownWindowSeconds: try row.decode(forColumn: "unknown_window_s"))
        }
    }

    /// The incident's newest failover plan with its steps.
    static func latestPlan(of incidentID: String, in db: Database) throws -> (plan: FailoverPlan, steps: [PlanStep])? {
        guard let plan = try Row.fetchOne(db, sql: """
            SELECT * FROM failover_plan WHERE incident_id = ? ORDER BY proposed_at DESC, id DESC LIMIT 1
            """, arguments: [incidentID]).map(SnapshotQueries.plan) else { return nil }
        let steps = try Row.fetchAll(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? ORDER BY number",
                                     arguments: [plan.id]).map(SnapshotQueries.step)
        return (plan, steps)
    }

    /// A check's changes at a site; when the history kept none (pruned), its
    /// current state stands for as long as anybody knows.
    private static func healthChanges(siteID: String, serviceID: String, in db: Database) throws -> [HealthChange] {
        let changes = try Row.fetchAll(db, sql: """
            SELECT at, state, detail FROM health_change WHERE site_id = ? AND service_id = ? ORDER BY at
            """, arguments: [siteID, serviceID]).map {
            HealthChange(at: try $0.decode(forColumn: "at"), state: HealthState(rawValue: try $0.decode(forColumn: "state")) ?? .unknown, detail: try $0.decode(forColumn: "detail"))
        }
        if !changes.isEmpty { return changes }
        let current = try String.fetchOne(db, sql: "SELECT state FROM health_check WHERE site_id = ? AND service_id = ?",
                                          arguments: [siteID, serviceID])
        return current.map { [HealthChange(at: .min, state: HealthState(rawValue: $0) ?? .unknown, detail: "")] } ?? []
    }
}
