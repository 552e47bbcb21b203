import Foundation

/// What recording an operator's approval or rejection does, decided before
/// anything is written: the store only carries it out (compare-and-set on the
/// step, the approval row, the audit entries, the timeline line).
public struct DecisionEffect: Equatable, Sendable {
    /// The step's state afterwards: `awaiting_approval` while more approvers are needed.
    public var stepState: StepState
    /// Approvals that count once this one is recorded (0 for a rejection).
    public var approvalsCounted: Int
    /// The decision without its surrounding spaces.
    public var comment: String
    /// Who the audit and the timeline name (`bob`, `bob (simulated)`).
    public var actor: String
    /// `approve` or `reject`.
    public var auditAction: String
    public var auditDetail: String
    /// The line for the incident's timeline.
    public var timelineText: String
    /// What the operator is told.
    public var message: String
}

extension ApprovalPolicy {
    /// The whole approval decision as one pure function: who may decide
    /// (``refusal(for:deciding:of:policy:existing:)``), that the runbook is the
    /// one shown, that a rejection has a reason, how many approvals count, and
    /// the next state by the ``StepStateMachine``.
    public static func decide(_ decision: StepDecision, by identity: OperatorIdentity, step: PlanStep,
                              of plan: FailoverPlan, existing: [Approval]) -> Result<DecisionEffect, ActionRefusal> {
        guard decision.decision != .expired else {
            return .failure(ActionRefusal("a step's wait expires on its own: an operator approves or rejects it"))
        }
        if let refusal = refusal(for: identity, deciding: step, of: plan, policy: plan.policy, existing: existing) {
            return .failure(refusal)
        }
        if decision.runbookHash != plan.runbookHash {
            return .failure(ActionRefusal("the runbook of \(plan.id) changed since it was shown to you; look again"))
        }
        let comment = decision.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let approving = decision.decision == .approved
        if !approving && comment.isEmpty {
            return .failure(ActionRefusal("a rejection needs a reason"))
        }
        let approvals = approving ? countingApprovals(existing, for: step).count + 1 : 0
        var state = step.state
        if !approving || approvals >= step.approversRequired {
            switch StepStateMachine.next(after: approving ? .approve : .reject, from: step.state,
                                         requiresApproval: step.requiresApproval) {
            case .success(let next): state = next
            case .failure(let refused): return .failure(ActionRefusal(refused.description))
            }
        }
        let actor = identity.name + (identity.simulated ? " (simulated)" : "")
        var detail = step.title
        if decision.overridePreflight { detail += " · OVERRODE failing pre-flight" }
        if !comment.isEmpty { detail += " · \(comment)" }
        detail += " · facts \(decision.preflightFacts) · runbook \(decision.runbookHash)"
        var timeline = "\(actor) \(approving ? "approved" : "rejected") step \(step.number) (\(step.title))"
        if approving { timeline += ": \(approvals) of \(step.approversRequired)" }
        if decision.overridePreflight { timeline += ", overriding a failing pre-flight" }
        if !comment.isEmpty { timeline += " — \(comment)" }
        var message: String
        if !approving {
            message = "rejected step \(step.number) of \(plan.id)"
        } else if state == .approved {
            message = "approved step \(step.number) of \(plan.id)"
        } else {
            message = "approval \(approvals) of \(step.approversRequired) recorded for step \(step.number); another operator must approve"
        }
        if identity.simulated { message += " (as simulated operator \(identity.name))" }
        return .success(DecisionEffect(stepState: state, approvalsCounted: approvals, comment: comment, actor: actor,
                                       auditAction: decision.decision.auditAction, auditDetail: detail,
                                       timelineText: timeline, message: message))
    }
}
