/// An operator's approval or rejection of a step as a cluster holds it: a
/// key of its own, numbered among the step's decisions and created once, so
/// that two sites deciding the same step at once make one change and the
/// other is told who was first. Every site's agent mirrors it, in the order
/// the cluster committed it, into its cache and its audit.
public struct SharedDecision: Codable, Sendable, Equatable {
    /// The decision, with the site whose agent took it (`siteID`) and, once
    /// read back, the revision it was committed at (`revision`).
    public var approval: Approval
    /// Its place among the step's decisions (1, 2, …): the last part of its key.
    public var number: Int
    /// Who the audit and the timeline name (`bob`, `bob (simulated)`).
    public var actor: String
    /// The audit entry's detail, as the deciding site wrote it.
    public var auditDetail: String
    /// The incident timeline's line, the same at every site.
    public var timelineText: String

    public init(approval: Approval, number: Int, actor: String, auditDetail: String, timelineText: String) {
        self.approval = approval
        self.number = number
        self.actor = actor
        self.auditDetail = auditDetail
        self.timelineText = timelineText
    }

    /// `PLAN-0001/3`.
    public var subject: String { "\(approval.planID)/\(approval.stepNumber)" }
}

/// What writing a decision to the cluster came to.
public enum SharedDecisionWrite: Sendable, Equatable {
    /// Committed at this revision of the cluster's store.
    case recorded(revision: Int64)
    /// Another decision took that number first: read again and decide again.
    case taken
    /// No confirmation within the deadline; it may still have been committed.
    case unconfirmed(String)
}

/// Where a cluster's agents keep the decisions on steps (``SharedDecision``)
/// and the changes to incidents (``SharedIncidentChange``).
/// Calls block until the cluster answered or its deadline passed: the
/// operator socket calls them on its own threads.
public protocol SharedDecisions: Sendable {
    /// The site whose agent takes the decisions made here.
    var siteID: String { get }
    /// The decisions on one step, in the order they were committed.
    func decisions(planID: String, stepNumber: Int) -> Result<[SharedDecision], ActionRefusal>
    /// Creates `decision` under its number, if no decision has that number yet.
    func record(_ decision: SharedDecision) -> SharedDecisionWrite
    /// The changes to one incident, in the order they were committed.
    func changes(incidentID: String) -> Result<[SharedIncidentChange], ActionRefusal>
    /// Creates `change` under its number, if no change has that number yet.
    func record(_ change: SharedIncidentChange) -> SharedDecisionWrite
    /// Every decision and change the cluster holds, in the order they were committed.
    func all() -> Result<SharedLedger, ActionRefusal>
}

extension ApprovalPolicy {
    /// The state `step` is in once `approvals` (in the order they were
    /// committed) count: a step awaiting approval is settled by the first of
    /// its current decisions that settles it — a rejection, the decider's
    /// expiry, or the approval that makes as many different approvers as it
    /// requires; any other state stays. Every site applies it to the
    /// decisions it mirrors, so they agree.
    public static func settledState(of step: PlanStep, by approvals: [Approval]) -> StepState {
        guard step.state == .awaitingApproval else { return step.state }
        var approvers: Set<String> = []
        for decision in current(approvals, for: step) {
            switch decision.decision {
            case .rejected: return .rejected
            case .expired: return .expired
            case .approved:
                approvers.insert(decision.operatorName)
                if approvers.count >= step.approversRequired { return .approved }
            }
        }
        return step.state
    }
}
