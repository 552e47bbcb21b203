import Foundation
import GRDB
import WarRoomModel

/// Incidents a cluster's agents share (``SharedIncident``) as this cache
/// keeps them: the decider's records mirrored in, this site's own read out
/// for its agent to record when it decides, and taken over when it comes to decide.
enum SharedIncidentRecords {
    /// Mirrors `records` into the cache: each incident and plan marked as kept
    /// where it was decided (or as this site's own, decided here before), its
    /// timeline lines added where missing, its steps' states as the decider
    /// has them, unless decisions mirrored here since settle them further.
    static func mirror(_ records: [SharedIncident], at siteID: String, in db: Database) throws {
        for record in records {
            let keptAt = record.keptAt == siteID ? nil : record.keptAt
            var incident = record.incident
            incident.keptAt = keptAt
            try AgentEventSQL.apply(.incident(incident), in: db)
            // Changes made since the decider wrote this record are not in it yet.
            try SharedIncidentChangeRecords.reapply(incidentID: incident.id, after: record.changesThrough ?? 0, in: db)
            for line in record.timeline where line.incidentID == incident.id {
                try SharedDecisionRecords.addLine(line, in: db)
            }
            // Approvals come through the cluster's decisions (``SharedDecisionRecords``), each mirrored once with its audit entry.
            let plans = record.plans.filter { $0.plan.incidentID == incident.id }
            for shared in plans {
                var plan = shared.plan
                plan.keptAt = keptAt
                try AgentEventSQL.apply(.plan(plan, steps: shared.steps.filter { $0.planID == plan.id }), in: db)
            }
            try SharedDecisionRecords.resettle(planIDs: plans.map(\.plan.id), in: db)
        }
    }

    /// The decider's records of `incidentIDs` are gone (pruned after their
    /// resolution): a mirror still open here was never told, and is closed as
    /// resolved, with a line saying why. This site's own incidents are not touched.
    static func gone(_ incidentIDs: [String], at now: EpochMillis, in db: Database) throws {
        for id in incidentIDs {
            guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [id])
                .map(SnapshotQueries.incident), let keptAt = incident.keptAt, incident.status.isOpen else { continue }
            var closed = incident
            closed.status = .resolved
            closed.resolvedAt = now
            try AgentEventSQL.apply(.incident(closed), in: db)
            try AgentEventSQL.apply(.timeline(TimelineEvent(
                incidentID: id, at: now, kind: .incident, actor: "agent",
                text: "The decider's record of \(id) is gone from the cluster (\(keptAt)'s agent prunes a record only after its resolution): closed here as resolved")),
                                  in: db)
        }
    }

    /// This site's own incidents for its agent to record as the decider: the
    /// open ones and those named in `also` (recorded before: a resolution is
    /// recorded too), each bounded. Drills stay local.
    static func own(also: Set<String>, keptAt siteID: String, in db: Database) throws -> [SharedIncident] {
        let incidents = try Row.fetchAll(db, sql: """
            SELECT * FROM incident WHERE kept_at IS NULL
                AND (status != 'resolved' OR id IN (SELECT value FROM json_each(?)))
                AND id NOT IN (SELECT incident_id FROM drill WHERE incident_id IS NOT NULL)
            ORDER BY opened_at, id
            """, arguments: [try StoredJSON.encodeValue(also.sorted())]).map(SnapshotQueries.incident)
        return try incidents.map { incident in
            let timeline = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT * FROM timeline_event WHERE incident_id = ? ORDER BY at DESC, id DESC LIMIT ?)
                ORDER BY at, id
                """, arguments: [incident.id, SharedIncident.timelineLimit]).map(SnapshotQueries.timelineEvent)
            let plans = try Row.fetchAll(db, sql: "SELECT * FROM failover_plan WHERE incident_id = ? ORDER BY proposed_at, id",
                                         arguments: [incident.id]).map(SnapshotQueries.plan)
            let shared = try plans.map { plan in
                SharedPlan(plan: plan,
                           steps: try Row.fetchAll(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? ORDER BY number",
                                                   arguments: [plan.id]).map(SnapshotQueries.step),
                           approvals: try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE plan_id = ? ORDER BY id",
                                                       arguments: [plan.id]).map(SnapshotQueries.approval))
            }
            return SharedIncident(incident: incident, timeline: timeline, plans: shared, keptAt: siteID,
                                  changesThrough: try SharedIncidentChangeRecords.latest(of: incident.id, in: db)).bounded()
        }
    }

    /// This site's agent decides now: what it mirrored becomes its own. A
    /// step that was running where it was kept is `unknown` (never run again
    /// here: its outcome is for an operator to verify), said on the timeline.
    static func takeOver(at siteID: String, now: EpochMillis, in db: Database) throws {
        let name = try String.fetchOne(db, sql: "SELECT name FROM site WHERE id = ?", arguments: [siteID]) ?? siteID
        let running = try Row.fetchAll(db, sql: """
            SELECT s.plan_id, s.number, s.title, p.incident_id, coalesce(site.name, p.kept_at) AS kept_name
            FROM plan_step s JOIN failover_plan p ON p.id = s.plan_id LEFT JOIN site ON site.id = p.kept_at
            WHERE p.kept_at IS NOT NULL AND s.state = 'running'
            """)
        for row in running {
            let planID: String = try row.decode(forColumn: "plan_id"), number: Int = try row.decode(forColumn: "number"), keptName: String = try row.decode(forColumn: "kept_name")
            let why = "was running at \(keptName)'s agent when \(name)'s agent took over deciding: its outcome is not known here; verify before going on"
            try AgentEventSQL.apply(.stepState(planID: planID, number: number, state: .unknown, output: nil, at: now), in: db)
            if let incidentID: String = try row.decode(forColumn: "incident_id") {
                try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incidentID, at: now, kind: .plan, actor: "agent",
                                                              text: "Step \(number) (\(try row.decode(forColumn: "title") as String)) \(why)")), in: db)
            }
        }
        try db.execute(sql: """
            INSERT INTO timeline_event (incident_id, at, kind, actor, text)
            SELECT i.id, ?, 'incident', 'agent', ? || coalesce(site.name, i.kept_at) || '''s agent; it goes on from the incident and plan as the cluster held them'
            FROM incident i LEFT JOIN site ON site.id = i.kept_at WHERE i.kept_at IS NOT NULL AND i.status != 'resolved'
            """, arguments: [now, "\(name)'s agent decides now, in place of "])
        try db.execute(sql: "UPDATE failover_plan SET kept_at = NULL WHERE kept_at IS NOT NULL")
        try db.execute(sql: "UPDATE incident SET kept_at = NULL WHERE kept_at IS NOT NULL")
    }
}
