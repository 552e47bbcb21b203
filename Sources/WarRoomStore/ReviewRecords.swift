import GRDB
import WarRoomModel

/// An incident's review as the cache holds it: every row that belongs to it.
enum ReviewRecords {
    static func review(of incidentID: String, at now: EpochMillis, in db: Database) throws -> IncidentReview? {
        guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [incidentID])
            .map(SnapshotQueries.incident) else { return nil }
        let plans = try Row.fetchAll(db, sql: "SELECT * FROM failover_plan WHERE incident_id = ? ORDER BY proposed_at, id",
                                     arguments: [incidentID]).map(SnapshotQueries.plan)
        var records: [IncidentReview.PlanRecord] = []
        var approvals: [Approval] = []
        for plan in plans {
            let steps = try Row.fetchAll(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? ORDER BY number",
                                         arguments: [plan.id]).map(SnapshotQueries.step)
            records.append(IncidentReview.PlanRecord(plan: plan, steps: steps))
            approvals += try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE plan_id = ? ORDER BY decided_at, id",
                                          arguments: [plan.id]).map(SnapshotQueries.approval)
        }
        // Stored at the resolution; worked out as things stand before it (from the newest plan, read above).
        let services = incident.status == .resolved ? try RecoveryRecords.serviceRecoveries(of: incidentID, in: db)
            : try RecoveryRecords.workOutServiceRecoveries(of: incident, plan: records.last.map { ($0.plan, $0.steps) }, in: db)
        let timeline = try Row.fetchAll(db, sql: "SELECT * FROM timeline_event WHERE incident_id = ? ORDER BY at, id",
                                        arguments: [incidentID]).map(SnapshotQueries.timelineEvent)
        let siteName = try incident.siteID.flatMap {
            try String.fetchOne(db, sql: "SELECT name FROM site WHERE id = ?", arguments: [$0]) ?? $0
        }
        let drillID = try String.fetchOne(db, sql: "SELECT id FROM drill WHERE incident_id = ?", arguments: [incidentID])
        return IncidentReview(incident: incident, drillID: drillID, siteName: siteName, generatedAt: now, services: services,
                              dataTypes: try RecoveryRecords.recoveryPoints(of: incidentID, in: db), timeline: timeline,
                              plans: records, approvals: approvals.sorted { ($0.decidedAt, $0.planID) < ($1.decidedAt, $1.planID) })
    }
}
