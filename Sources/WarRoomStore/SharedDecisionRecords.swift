import Foundation
import GRDB
import WarRoomModel

/// Decisions on steps (``SharedDecision``) and changes to incidents
/// (``SharedIncidentChange``) a cluster holds, as this cache keeps them:
/// mirrored once each, by the revision the cluster committed them at, in
/// that order, so every site's audit lists the same decisions in the same order.
enum SharedDecisionRecords {
    /// Mirrors what this cache does not have yet, in revision order: a change
    /// to an incident as ``SharedIncidentChangeRecords/mirror(_:in:)`` says; a decision
    /// an approval row, an audit entry naming the site that took it and
    /// its revision, its incident's timeline line (the same words at every
    /// site), and its step's state as the decisions settle it
    /// (``ApprovalPolicy/settledState(of:by:)``). A decision on a step this
    /// cache does not have yet (its plan not mirrored here yet) waits for the
    /// read that brings it. Returns the audit entries appended.
    static func mirror(_ ledger: SharedLedger, in db: Database) throws -> [AuditEntry] {
        enum Entry {
            case decision(SharedDecision)
            case change(SharedIncidentChange)
        }
        let merged = (ledger.decisions.map { ($0.approval.revision ?? 0, Entry.decision($0)) }
                      + ledger.changes.map { ($0.revision ?? 0, Entry.change($0)) }).sorted { $0.0 < $1.0 }
        var entries: [AuditEntry] = []
        for (_, entry) in merged {
            switch entry {
            case .decision(let decision): entries += try mirror(decision, in: db)
            case .change(let change): entries += try SharedIncidentChangeRecords.mirror(change, in: db)
            }
        }
        return entries
    }

    private static func mirror(_ decision: SharedDecision, in db: Database) throws -> [AuditEntry] {
        let approval = decision.approval
        guard let revision = approval.revision,
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM approval WHERE revision = ?)", arguments: [revision]) != true,
              let step = try step(approval.planID, approval.stepNumber, in: db) else { return [] }
        try db.execute(sql: """
            INSERT INTO approval (plan_id, step_number, operator, origin, decision, comment, decided_at,
                                  preflight_facts, runbook_hash, overrode, simulated, site_id, revision, answering)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [approval.planID, approval.stepNumber, approval.operatorName, approval.origin,
                             approval.decision.rawValue, approval.comment, approval.decidedAt, approval.preflightFacts,
                             approval.runbookHash, approval.overrode, approval.simulated, approval.siteID, revision,
                             approval.answering])
        let site = approval.siteID ?? "?"
        var entries = [try AuditChain.append(
            db, at: approval.decidedAt, actor: decision.actor, action: approval.decision.auditAction,
            subject: decision.subject, detail: decision.auditDetail + " · at \(site) (cluster revision \(revision))")]
        if let incident = try String.fetchOne(db, sql: "SELECT incident_id FROM failover_plan WHERE id = ?",
                                              arguments: [approval.planID]) {
            try addLine(TimelineEvent(incidentID: incident, at: approval.decidedAt, kind: approval.decision == .expired ? .step : .approval,
                                      actor: approval.operatorName, text: decision.timelineText), in: db)
        }
        if let entry = try settle(step, actor: decision.actor, at: approval.decidedAt, in: db) { entries.append(entry) }
        return entries
    }

    /// Steps of `planIDs` still awaiting approval that the decisions mirrored
    /// here already decide: a record of the decider's written before it read
    /// those decisions brought the older state back. Settled again, without a
    /// second audit entry (the decision's own said it).
    static func resettle(planIDs: [String], in db: Database) throws {
        for planID in planIDs {
            let waiting = try Row.fetchAll(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? AND state = 'awaiting_approval'",
                                           arguments: [planID]).map(SnapshotQueries.step)
            for step in waiting { _ = try settle(step, actor: nil, at: step.updatedAt, in: db) }
        }
    }

    /// Moves `step` to the state its mirrored decisions settle; the audit
    /// entry saying so when `actor` is given.
    private static func settle(_ step: PlanStep, actor: String?, at now: EpochMillis, in db: Database) throws -> AuditEntry? {
        let approvals = try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE plan_id = ? AND step_number = ? ORDER BY id",
                                         arguments: [step.planID, step.number]).map(SnapshotQueries.approval)
        let settled = ApprovalPolicy.settledState(of: step, by: approvals)
        guard settled != step.state else { return nil }
        try AgentEventSQL.apply(.stepState(planID: step.planID, number: step.number, state: settled, output: nil, at: now), in: db)
        guard let actor else { return nil }
        return try AuditChain.append(db, at: now, actor: actor, action: "step.state", subject: "\(step.planID)/\(step.number)",
                                     detail: "\(step.state.rawValue) → \(settled.rawValue)")
    }

    private static func step(_ planID: String, _ number: Int, in db: Database) throws -> PlanStep? {
        try Row.fetchOne(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? AND number = ?", arguments: [planID, number])
            .map(SnapshotQueries.step)
    }

    /// Adds a timeline line unless the same line is there already (mirrored
    /// from the decider's record, or from this decision before).
    static func addLine(_ line: TimelineEvent, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO timeline_event (incident_id, at, kind, actor, text) SELECT ?, ?, ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM timeline_event WHERE incident_id = ? AND at = ? AND kind = ? AND actor = ? AND text = ?)
            """).execute(arguments: [line.incidentID, line.at, line.kind.rawValue, line.actor, line.text,
                             line.incidentID, line.at, line.kind.rawValue, line.actor, line.text])
    }
}
