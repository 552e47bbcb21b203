import Foundation
import GRDB
import WarRoomModel

/// What checking an operator's decision against the decisions a cluster
/// holds came to.
public enum SharedDecisionCheck: Sendable {
    /// Refused (and audited): the outcome to tell the operator.
    case refused(ActionOutcome)
    /// Allowed: the decision to write to the cluster, and what it does.
    case ready(SharedDecision, DecisionEffect)
}

/// Decisions in a cluster: checked here against what the cluster holds,
/// written to the cluster by the operator's own site's agent, and mirrored
/// back from it like every other site's.
extension CacheWriter {
    /// Why `what` (a decision, a note…) is not recorded in this cache alone.
    static func throughTheAgent(_ what: String) -> String {
        "in a cluster \(what) is recorded in the cluster, through this site's agent: "
            + "make it while the agent runs (the console and the CLI reach it through its socket)"
    }

    /// True when decisions on `plan` are the cluster's: this cache's agent
    /// is in a cluster, and the plan is not a drill's (drills stay at their site).
    static func isClusters(_ plan: FailoverPlan, in db: Database) throws -> Bool {
        try plan.drill == nil && inCluster(db)
    }

    /// True when changes to `incidentID` are the cluster's: this cache's
    /// agent is in a cluster, and the incident is not a drill's.
    static func isClusters(incident incidentID: String, in db: Database) throws -> Bool {
        try inCluster(db) && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM drill WHERE incident_id = ?)",
                                           arguments: [incidentID]) != true
    }

    static func inCluster(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM cluster_state WHERE id = 1)") == true
    }

    /// True when a note on or change to `incidentID` must go through the cluster.
    public func changesThroughCluster(incidentID: String) throws -> Bool {
        try dbQueue.read { db in try Self.isClusters(incident: incidentID, in: db) }
    }

    /// True when a decision on `planID` must go through the cluster.
    public func decidesThroughCluster(planID: String) throws -> Bool {
        try dbQueue.read { db in
            guard let plan = try Row.fetchOne(db, sql: "SELECT * FROM failover_plan WHERE id = ?", arguments: [planID])
                .map(SnapshotQueries.plan) else { return false }
            return try Self.isClusters(plan, in: db)
        }
    }

    /// Checks `decision` by `identity` against the decisions the cluster
    /// holds on its step (`held`, in commit order): the approver policy, the
    /// runbook shown, and the step's state as those decisions settle it, so
    /// that a step another site decided first is refused with who and when.
    /// A refusal is audited; an allowed decision writes nothing here yet.
    /// - parameter siteID: the site whose agent takes the decision.
    public func check(_ decision: StepDecision, by identity: OperatorIdentity, siteID: String, holding held: [SharedDecision],
                      at now: EpochMillis) throws -> SharedDecisionCheck {
        let (action, subject) = (decision.decision.auditAction, "\(decision.planID)/\(decision.stepNumber)")
        var ready: SharedDecisionCheck?
        let outcome = try operatorAction(action, subject: subject, doing: decision.decision == .approved ? "an approval" : "a rejection",
                                         by: identity, at: now) { db in
            let plan: FailoverPlan, found: PlanStep
            switch try Self.ground(of: decision, in: db) {
            case .failure(let refusal): return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            case .success(let ground): (plan, found) = ground
            }
            let approvals = held.map(\.approval)
            var step = found
            step.state = ApprovalPolicy.settledState(of: found, by: approvals)
            switch ApprovalPolicy.decide(decision, by: identity, step: step, of: plan, existing: approvals) {
            case .failure(let refusal): return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            case .success(let effect):
                let approval = Approval(
                    planID: plan.id, stepNumber: step.number, operatorName: identity.name, origin: identity.origin,
                    decision: decision.decision, comment: effect.comment, decidedAt: now, preflightFacts: decision.preflightFacts,
                    runbookHash: decision.runbookHash, overrode: decision.overridePreflight, simulated: identity.simulated, siteID: siteID,
                    answering: found.awaitingSince)
                ready = .ready(SharedDecision(approval: approval, number: (held.map(\.number).max() ?? 0) + 1, actor: effect.actor,
                                              auditDetail: effect.auditDetail, timelineText: effect.timelineText), effect)
                return (.recorded(message: effect.message, stepState: effect.stepState), [])
            }
        }
        return ready ?? .refused(outcome)
    }

    /// Mirrors what the cluster holds and this cache does not have yet (see
    /// ``AgentEvent/sharedDecisions(_:)``), durably.
    public func mirror(_ ledger: SharedLedger) throws {
        try durably { db in ((), try SharedDecisionRecords.mirror(ledger, in: db)) }
    }

    /// A step's state as this cache holds it.
    public func stepState(planID: String, stepNumber: Int) throws -> StepState? {
        try dbQueue.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM plan_step WHERE plan_id = ? AND number = ?",
                                arguments: [planID, stepNumber]).flatMap(StepState.init(rawValue:))
        }
    }
}

/// What checking a note or change to an incident against what the cluster holds came to.
public enum SharedIncidentChangeCheck: Sendable {
    /// Refused (and audited): the outcome to tell the operator.
    case refused(ActionOutcome)
    /// Allowed: the change to write to the cluster.
    case ready(SharedIncidentChange)
}

extension CacheWriter {
    /// How a note or change is named: its audit action, what it is and what
    /// doing it is, for a refusal (`note`, `a note`, `add it`).
    public static func words(for kind: SharedIncidentChange.Kind, on incidentID: String) -> (action: String, doing: String, verb: String) {
        switch kind {
        case .note: ("note", "a note", "add it")
        case .change(let change): (auditAction(change), "a change to \(incidentID)", "change it")
        case .pause: ("pause", "a pause of automatic failover", "pause it")
        case .resume: ("resume", "a resume of automatic failover", "resume it")
        }
    }

    /// Checks `kind` by `identity` on `incidentID` against the incident as
    /// the cluster holds it: this cache's incident with the changes in
    /// `held` it has not mirrored yet applied (in commit order). The
    /// lifecycle's rules hold whichever site keeps the incident. A refusal is
    /// audited; an allowed change writes nothing here yet.
    public func check(_ kind: SharedIncidentChange.Kind, on incidentID: String, by identity: OperatorIdentity, siteID: String,
                      holding held: [SharedIncidentChange], at now: EpochMillis) throws -> SharedIncidentChangeCheck {
        if incidentID == SharedIncidentChange.automation {
            return try checkAutomation(kind, by: identity, siteID: siteID, holding: held, at: now)
        }
        let (action, doing, verb) = Self.words(for: kind, on: incidentID)
        var ready: SharedIncidentChangeCheck?
        let outcome = try operatorAction(action, subject: incidentID, doing: doing, verb: verb, by: identity, at: now) { db in
            guard var incident = try SharedIncidentChangeRecords.incident(incidentID, in: db) else {
                return try Self.refuse(ActionRefusal("no incident \(incidentID)"), action: action, subject: incidentID, by: identity,
                                       at: now, in: db)
            }
            let mirrored = try SharedIncidentChangeRecords.held(held.compactMap(\.revision), in: db)
            for earlier in held where !mirrored.contains(earlier.revision ?? 0) {
                if case .change(let change) = earlier.kind { incident = IncidentLifecycle.applying(change, to: incident, at: earlier.at) }
            }
            // Changed from any site with quorum, whichever keeps it.
            incident.keptAt = nil
            let words: String
            switch kind {
            case .note(let text):
                words = text
            case .pause, .resume:
                return try Self.refuse(ActionRefusal("a pause or resume is of automatic failover, not of \(incidentID)"), action: action,
                                       subject: incidentID, by: identity, at: now, in: db)
            case .change(let change):
                if let refusal = IncidentLifecycle.refusal(change, to: incident, by: identity, approvers: try SnapshotQueries.approverPolicy(db)) {
                    return try Self.refuse(ActionRefusal(refusal), action: action, subject: incidentID, by: identity, at: now, in: db)
                }
                words = IncidentLifecycle.words(change, of: incident, by: identity.name)
            }
            ready = .ready(SharedIncidentChange(incidentID: incidentID, number: (held.map(\.number).max() ?? 0) + 1, kind: kind,
                                                operatorName: identity.name, siteID: siteID, at: now, auditAction: action, words: words))
            return (.recorded(message: words, stepState: nil), [])
        }
        return ready ?? .refused(outcome)
    }
}
