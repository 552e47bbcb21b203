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
    /// Why a decision is not recorded in this cache alone.
    static let clusterDecisionsOnly = "in a cluster a decision is recorded in the cluster, through this site's agent: "
        + "decide while it runs (the console and `warroom approve` reach it through its socket)"

    /// True when decisions on `plan` are the cluster's: this cache's agent
    /// is in a cluster, and the plan is not a drill's (drills stay at their site).
    static func isClusters(_ plan: FailoverPlan, in db: Database) throws -> Bool {
        try plan.drill == nil && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM cluster_state WHERE id = 1)") == true
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
        let (action, subject) = (decision.decision == .approved ? "approve" : "reject", "\(decision.planID)/\(decision.stepNumber)")
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
                    runbookHash: decision.runbookHash, overrode: decision.overridePreflight, simulated: identity.simulated, siteID: siteID)
                ready = .ready(SharedDecision(approval: approval, number: (held.map(\.number).max() ?? 0) + 1, actor: effect.actor,
                                              auditDetail: effect.auditDetail, timelineText: effect.timelineText), effect)
                return (.recorded(message: effect.message, stepState: effect.stepState), [])
            }
        }
        return ready ?? .refused(outcome)
    }

    /// Mirrors the cluster's decisions this cache does not have yet (see
    /// ``AgentEvent/sharedDecisions(_:)``), durably; the step's state after.
    @discardableResult
    public func mirror(_ decisions: [SharedDecision], planID: String, stepNumber: Int) throws -> StepState? {
        try durably { db in
            let entries = try SharedDecisionRecords.mirror(decisions, in: db)
            let state = try String.fetchOne(db, sql: "SELECT state FROM plan_step WHERE plan_id = ? AND number = ?",
                                            arguments: [planID, stepNumber]).flatMap(StepState.init(rawValue:))
            return (state, entries)
        }
    }
}
