import Foundation
import GRDB
import WarRoomModel

/// A stored drill result that cannot be read back, named by its drill.
public struct DrillRecordError: Error, CustomStringConvertible {
    public var drillID: String
    public var why: String
    public var description: String { "drill \(drillID): its stored result cannot be read (\(why))" }
}

/// Drills as the cache keeps them: a row from the start, the incident the
/// drill raised, and its result once its failover plan has ended.
enum DrillRecords {
    /// `DRILL-NNNN` after the highest on record (carried-over history included).
    static func nextID(in db: Database) throws -> String {
        let highest = try Int.fetchOne(db, sql: """
            SELECT max(CAST(substr(id, 7) AS INTEGER)) FROM drill WHERE id GLOB 'DRILL-[0-9]*'
            """) ?? 0
        return "DRILL-" + Format.pad(highest + 1, 4)
    }

    /// Running drills take the first incident opened since they began; a drill
    /// whose plan has ended resolves its incident and stores its result. One
    /// whose incident somebody resolved before its plan ended is abandoned: it
    /// stores a failed result, so it never blocks the next drill.
    static func keep(at now: EpochMillis, in db: Database) throws -> [DrillResult] {
        var finished: [DrillResult] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM drill WHERE ended_at IS NULL") {
            let drillID: String = try row.decode(forColumn: "id")
            guard let incidentID: String = try row.decode(forColumn: "incident_id") else {
                try adoptIncident(drillID: drillID, row: row, at: now, in: db)
                continue
            }
            guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [incidentID])
                    .map(SnapshotQueries.incident),
                  let plan = try RecoveryRecords.latestPlan(of: incidentID, in: db) else { continue }
            let outcome = PlanOutcome(plan.steps)
            if outcome == .inProgress && incident.status != .resolved { continue }
            finished.append(try finish(drillID: drillID, row: row, incident: incident, plan: plan, outcome: outcome,
                                       at: now, in: db))
        }
        return finished
    }

    private static func adoptIncident(drillID: String, row: Row, at now: EpochMillis, in db: Database) throws {
        guard let incidentID = try String.fetchOne(db, sql: """
            SELECT id FROM incident WHERE opened_at >= ? AND id NOT IN (SELECT incident_id FROM drill WHERE incident_id IS NOT NULL)
            ORDER BY opened_at, id LIMIT 1
            """, arguments: [try row.decode(forColumn: "started_at") as EpochMillis]) else { return }
        try db.execute(sql: "UPDATE drill SET incident_id = ? WHERE id = ?", arguments: [incidentID, drillID])
        let scenario: String = try row.decode(forColumn: "scenario")
        let target: String = try row.decode(forColumn: "target")
        let dryRun: Bool = try row.decode(forColumn: "dry_run")
        try AgentEventSQL.apply(.timeline(TimelineEvent(
            incidentID: incidentID, at: now, kind: .incident, actor: "agent",
            text: "This incident is drill \(drillID) (\(scenario) against \(target)\(dryRun ? ", dry run" : "")): approvals are real and marked drill in the audit")),
            in: db)
    }

    private static func finish(drillID: String, row: Row, incident: Incident, plan: (plan: FailoverPlan, steps: [PlanStep]),
                               outcome: PlanOutcome, at now: EpochMillis, in db: Database) throws -> DrillResult {
        var resolved = incident
        if resolved.status != .resolved {
            resolved.status = .resolved
            resolved.resolvedAt = now
            try AgentEventSQL.apply(.incident(resolved), in: db)
        }
        try RecoveryRecords.recordServiceRecoveries(of: resolved, plan: plan, in: db)
        let completedAt: EpochMillis? = if case .completed(let at) = outcome { at } else { nil }
        let approvals = try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE plan_id = ? ORDER BY decided_at, id",
                                         arguments: [plan.plan.id]).map(SnapshotQueries.approval)
        let result = DrillResult(
            id: drillID, scenario: DrillScenario(rawValue: try row.decode(forColumn: "scenario")) ?? .siteFailure, target: try row.decode(forColumn: "target"),
            dryRun: try row.decode(forColumn: "dry_run"), incidentID: incident.id, planID: plan.plan.id, startedAt: try row.decode(forColumn: "started_at"), endedAt: now,
            detectedAt: incident.openedAt, failoverSeconds: completedAt.map { $0.seconds(since: incident.openedAt) },
            services: try RecoveryRecords.serviceRecoveries(of: incident.id, in: db),
            dataTypes: try RecoveryRecords.recoveryPoints(of: incident.id, in: db),
            steps: plan.steps.map { step in
                DrillStep(number: step.number, title: step.title, state: step.state, startedAt: step.startedAt,
                          endedAt: step.endedAt, dryRun: step.output.hasPrefix(DrillStep.dryRunMark))
            },
            approvals: approvals.map { approval in
                let waitedFrom = plan.steps.first { $0.number == approval.stepNumber }?.awaitingSince
                return DrillApproval(stepNumber: approval.stepNumber, operatorName: approval.operatorName,
                                     decision: approval.decision, decidedAt: approval.decidedAt,
                                     waitedSeconds: waitedFrom.map { approval.decidedAt.seconds(since: $0) })
            })
        try db.execute(sql: "UPDATE drill SET ended_at = ?, result = ? WHERE id = ?",
                       arguments: [now, try StoredJSON.encodeValue(result), drillID])
        try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incident.id, at: now, kind: .incident, actor: "agent",
                                                        text: DrillResultText.summary(result))), in: db)
        return result
    }

    static func results(since: EpochMillis?, in db: Database) throws -> [DrillResult] {
        try Row.fetchAll(db, sql: """
            SELECT id, result FROM drill WHERE ended_at IS NOT NULL AND started_at >= ? ORDER BY started_at, id
            """, arguments: [since ?? .min]).map { row in
            let id: String = try row.decode(forColumn: "id")
            guard let text: String = try row.decode(forColumn: "result") else { throw DrillRecordError(drillID: id, why: "no result stored") }
            do {
                return try JSONDecoder().decode(DrillResult.self, from: Data(text.utf8))
            } catch {
                throw DrillRecordError(drillID: id, why: "\(error)")
            }
        }
    }
}
