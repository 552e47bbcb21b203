import Foundation
import GRDB
import WarRoomModel

/// Operator actions and step transitions as the cache records them: each in
/// one immediate transaction that checks and changes state together
/// (compare-and-set), appends to the audit chain, and, for decisions, is
/// written with `synchronous=FULL` before anyone is told it happened. The new
/// chain heads go to the anchor file after the commit.
extension CacheWriter {
    /// Records an approval or rejection by `identity`, if the rules allow it.
    public func record(_ decision: StepDecision, by identity: OperatorIdentity, at now: EpochMillis) throws -> ActionOutcome {
        let (action, subject) = (decision.decision.auditAction, "\(decision.planID)/\(decision.stepNumber)")
        return try operatorAction(action, subject: subject, doing: decision.decision == .approved ? "an approval" : "a rejection",
                                  by: identity, at: now) { db in
            let plan: FailoverPlan, step: PlanStep
            switch try Self.ground(of: decision, in: db) {
            case .failure(let refusal): return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            case .success(let found): (plan, step) = found
            }
            if try Self.isClusters(plan, in: db) {
                return try Self.refuse(ActionRefusal(Self.throughTheAgent("a decision")), action: action, subject: subject,
                                       by: identity, at: now, in: db)
            }
            let existing = try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE plan_id = ? AND step_number = ? ORDER BY id",
                                            arguments: [plan.id, step.number]).map(SnapshotQueries.approval)
            let effect: DecisionEffect
            switch ApprovalPolicy.decide(decision, by: identity, step: step, of: plan, existing: existing) {
            case .success(let decided): effect = decided
            case .failure(let refusal): return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            }
            try db.execute(sql: """
                INSERT INTO approval (plan_id, step_number, operator, origin, decision, comment, decided_at,
                                      preflight_facts, runbook_hash, overrode, simulated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [plan.id, step.number, identity.name, identity.origin, decision.decision.rawValue,
                                 effect.comment, now, decision.preflightFacts, decision.runbookHash,
                                 decision.overridePreflight, identity.simulated])
            // A drill's approvals are real ones, marked so that nobody mistakes them in the trail.
            let drill = try plan.incidentID.flatMap {
                try String.fetchOne(db, sql: "SELECT id FROM drill WHERE incident_id = ?", arguments: [$0])
            }
            var entries = [try AuditChain.append(db, at: now, actor: effect.actor, action: effect.auditAction, subject: subject,
                                                 detail: (drill.map { "drill \($0): " } ?? "") + effect.auditDetail)]
            if effect.stepState != step.state {
                try db.execute(sql: """
                    UPDATE plan_step SET state = ?, updated_at = ?, ended_at = CASE WHEN ? THEN ? ELSE ended_at END
                    WHERE plan_id = ? AND number = ? AND state = ?
                    """, arguments: [effect.stepState.rawValue, now, effect.stepState.hasEnded, now, plan.id, step.number,
                                     StepState.awaitingApproval.rawValue])
                guard db.changesCount == 1 else { throw StepChangedUnderneath() }
                entries.append(try AuditChain.append(db, at: now, actor: effect.actor, action: "step.state", subject: subject,
                                                     detail: "\(step.state.rawValue) → \(effect.stepState.rawValue)"))
            }
            if let incident = plan.incidentID {
                try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incident, at: now, kind: .approval,
                                                                actor: identity.name, text: effect.timelineText)), in: db)
            }
            return (.recorded(message: effect.message, stepState: effect.stepState), entries)
        }
    }

    /// The plan and step `decision` is about, or why there is none.
    static func ground(of decision: StepDecision, in db: Database) throws -> Result<(FailoverPlan, PlanStep), ActionRefusal> {
        guard let plan = try Row.fetchOne(db, sql: "SELECT * FROM failover_plan WHERE id = ?", arguments: [decision.planID])
            .map(SnapshotQueries.plan) else { return .failure(ActionRefusal("no plan \(decision.planID)")) }
        guard let step = try Row.fetchOne(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? AND number = ?",
                                          arguments: [plan.id, decision.stepNumber]).map(SnapshotQueries.step) else {
            return .failure(ActionRefusal("\(plan.id) has no step \(decision.stepNumber)"))
        }
        return .success((plan, step))
    }

    /// Acknowledges a firing alert.
    public func acknowledge(alertFingerprint: String, by identity: OperatorIdentity, at now: EpochMillis) throws -> ActionOutcome {
        try operatorAction("ack", subject: alertFingerprint, doing: "an acknowledgement", verb: "acknowledge it", by: identity,
                           at: now) { db in
            guard let alert = try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE fingerprint = ?", arguments: [alertFingerprint]) else {
                return try Self.refuse(ActionRefusal("no alert \(alertFingerprint)"), action: "ack",
                                       subject: alertFingerprint, by: identity, at: now, in: db)
            }
            let state: String = try alert.decode(forColumn: "state")
            guard state == AlertState.firing.rawValue else {
                let by: String? = try alert.decode(forColumn: "acknowledged_by")
                return try Self.refuse(ActionRefusal("alert \(alertFingerprint) is \(state)\(by.map { " (by \($0))" } ?? ""), not firing"),
                                       action: "ack", subject: alertFingerprint, by: identity, at: now, in: db)
            }
            try db.execute(sql: """
                UPDATE alert SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE fingerprint = ? AND state = 'firing'
                """, arguments: [identity.name, now, alertFingerprint])
            let name: String = try alert.decode(forColumn: "name")
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "ack", subject: alertFingerprint,
                                              detail: name)
            try Self.onOpenIncident(db, at: now, actor: identity.name, text: "\(identity.name) acknowledged \(name) (\(alertFingerprint))")
            return (.recorded(message: "acknowledged \(name) (\(alertFingerprint))", stepState: nil), [entry])
        }
    }

    /// Adds an operator's note to an incident's timeline.
    public func addNote(incidentID: String, text: String, by identity: OperatorIdentity, at now: EpochMillis) throws -> ActionOutcome {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.noteProblem(note) { return .refused(ActionRefusal(problem)) }
        return try operatorAction("note", subject: incidentID, doing: "a note", verb: "add it", by: identity, at: now) { db in
            guard let found = try Row.fetchOne(db, sql: "SELECT kept_at FROM incident WHERE id = ?", arguments: [incidentID]) else {
                return try Self.refuse(ActionRefusal("no incident \(incidentID)"), action: "note", subject: incidentID,
                                       by: identity, at: now, in: db)
            }
            if try Self.isClusters(incident: incidentID, in: db) {
                return try Self.refuse(ActionRefusal(Self.throughTheAgent("a note")), action: "note", subject: incidentID,
                                       by: identity, at: now, in: db)
            }
            if let keptAt: String = try found.decode(forColumn: "kept_at") {
                return try Self.refuse(ActionRefusal(ApprovalPolicy.keptElsewhere(incidentID, at: keptAt)), action: "note",
                                       subject: incidentID, by: identity, at: now, in: db)
            }
            try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incidentID, at: now, kind: .note, actor: identity.name,
                                                          text: note)), in: db)
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "note", subject: incidentID, detail: note)
            return (.recorded(message: "note added to \(incidentID)", stepState: nil), [entry])
        }
    }

    /// Why `note` (trimmed) is not one; `nil` when it is.
    public static func noteProblem(_ note: String) -> String? {
        if note.isEmpty { return "an empty note says nothing; nothing was added" }
        return note.count > 2000 ? "a note is at most 2000 characters (got \(note.count))" : nil
    }

    /// Pauses automatic failover, if `identity` may: plans then wait for approval.
    public func pauseAutomation(reason: String, until: EpochMillis?, by identity: OperatorIdentity,
                                at now: EpochMillis) throws -> ActionOutcome {
        try changeAutomation(action: "pause", by: identity, at: now) { automation, approvers in
            automation.pausing(by: identity, approvers: approvers, reason: reason, until: until, at: now)
        }
    }

    /// Resumes paused automatic failover, if `identity` may.
    public func resumeAutomation(by identity: OperatorIdentity, at now: EpochMillis) throws -> ActionOutcome {
        try changeAutomation(action: "resume", by: identity, at: now) { automation, approvers in
            automation.resuming(by: identity, approvers: approvers, at: now)
        }
    }

    private func changeAutomation(action: String, by identity: OperatorIdentity, at now: EpochMillis,
                                  _ decide: @escaping (Automation, ApproverPolicy) -> Result<AutomationChange, ActionRefusal>) throws -> ActionOutcome {
        try operatorAction(action, subject: "automation", doing: "a \(action) of automatic failover", by: identity, at: now) { db in
            guard let automation = try SnapshotQueries.automation(db) else {
                return try Self.refuse(ActionRefusal(Self.noAutomation), action: action, subject: "automation", by: identity, at: now, in: db)
            }
            if try Self.inCluster(db) {
                return try Self.refuse(ActionRefusal(Self.throughTheAgent("a \(action) of automatic failover")), action: action,
                                       subject: "automation", by: identity, at: now, in: db)
            }
            let change: AutomationChange
            switch decide(automation, try SnapshotQueries.approverPolicy(db)) {
            case .success(let decided): change = decided
            case .failure(let refusal):
                return try Self.refuse(refusal, action: action, subject: "automation", by: identity, at: now, in: db)
            }
            try Self.setPause(change.pause, saying: change.text, actor: identity.name, at: now, in: db)
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: change.auditAction,
                                              subject: "automation", detail: change.auditDetail)
            return (.recorded(message: change.text, stepState: nil), [entry])
        }
    }

    /// Moves a step by `event` if it is still in `expected` (compare-and-set),
    /// with an audit entry (and `auditNote` in it: a claim's revision) and,
    /// when given, a timeline line. Returns the new state, or `nil` when the
    /// step had moved on (nothing written).
    @discardableResult
    public func transition(planID: String, stepNumber: Int, _ event: StepEvent, expected: StepState, actor: String,
                           output: String? = nil, timeline: String? = nil, auditNote: String? = nil,
                           at now: EpochMillis) throws -> StepState? {
        try durably { db in
            guard let step = try Row.fetchOne(db, sql: "SELECT * FROM plan_step WHERE plan_id = ? AND number = ?",
                                              arguments: [planID, stepNumber]).map(SnapshotQueries.step),
                  step.state == expected,
                  case .success(let next) = StepStateMachine.next(after: event, from: step.state,
                                                                  requiresApproval: step.requiresApproval) else {
                return (nil, [])
            }
            try AgentEventSQL.apply(.stepState(planID: planID, number: stepNumber, state: next, output: output, at: now), in: db)
            let entry = try AuditChain.append(db, at: now, actor: actor, action: "step.state", subject: "\(planID)/\(stepNumber)",
                                              detail: "\(expected.rawValue) → \(next.rawValue)" + (auditNote.map { " (\($0))" } ?? ""))
            if let timeline, let incident = try String.fetchOne(db, sql: "SELECT incident_id FROM failover_plan WHERE id = ?",
                                                                 arguments: [planID]) {
                try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incident, at: now, kind: .step, actor: actor, text: timeline)),
                                      in: db)
            }
            return (next, [entry])
        }
    }

    /// ``durably`` for an operator's `action` on `subject`: refused first, in
    /// words and audited, while this site's agent is cut off from its cluster
    /// (`doing` names it in the refusal, `verb` says where to do it instead;
    /// by default the action itself).
    func operatorAction(_ action: String, subject: String, doing: String, verb: String? = nil, by identity: OperatorIdentity,
                        at now: EpochMillis,
                        _ body: @escaping (Database) throws -> (ActionOutcome, [AuditEntry])) throws -> ActionOutcome {
        try durably { db in
            if let refusal = try ClusterRecords.cutOffRefusal(doing, verb: verb ?? action, in: db) {
                return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            }
            return try body(db)
        }
    }

    /// A refused action, appended to the audit chain: who tried what, and why not.
    static func refuse(_ refusal: ActionRefusal, action: String, subject: String, by identity: OperatorIdentity,
                               at now: EpochMillis, in db: Database) throws -> (ActionOutcome, [AuditEntry]) {
        let actor = identity.name + (identity.simulated ? " (simulated)" : "")
        let entry = try AuditChain.append(db, at: now, actor: actor, action: "refused", subject: subject,
                                          detail: "\(action): \(refusal.reason)")
        return (.refused(refusal), [entry])
    }

    /// The whole audit trail, oldest first.
    public func auditTrail() throws -> [AuditEntry] {
        try dbQueue.read { db in try AuditQueries.trail(db) }
    }

    /// Runs `body` in one immediate transaction with `synchronous=FULL`, then
    /// anchors the chain heads it appended.
    func durably<T>(_ body: @escaping (Database) throws -> (T, [AuditEntry])) throws -> T {
        // The immediate transaction holds the write lock from the first read, so what
        // `body` checks cannot change before it writes.
        let (result, entries) = try dbQueue.writeWithoutTransaction { db -> (T, [AuditEntry]) in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
            var output: (T, [AuditEntry])?
            try db.inTransaction(.immediate) {
                output = try body(db)
                return .commit
            }
            return output!
        }
        try anchorFile.append(entries)
        return result
    }
}

/// A compare-and-set found the step in another state than it had just read:
/// the transaction rolls back and nothing is recorded.
struct StepChangedUnderneath: Error, CustomStringConvertible {
    var description: String { "the step changed while the decision was being recorded; nothing was recorded" }
}

enum AuditQueries {
    static func trail(_ db: Database) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence").map { row in
            AuditEntry(sequence: try row.decode(forColumn: "sequence"), at: try row.decode(forColumn: "at"), actor: try row.decode(forColumn: "actor"), action: try row.decode(forColumn: "action"),
                       subject: try row.decode(forColumn: "subject"), detail: try row.decode(forColumn: "detail"), previousHash: try row.decode(forColumn: "previous_hash"), hash: try row.decode(forColumn: "hash"))
        }
    }
}
