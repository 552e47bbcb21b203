/// Who may approve a plan's steps, from its runbook.
public struct ApproverPolicy: Codable, Sendable, Hashable {
    /// Operating-system user names allowed to approve.
    public var users: [String]
    /// Operating-system groups whose members may approve.
    public var groups: [String]
    /// The operator who started the plan may not approve its steps.
    public var preventSelfApproval: Bool
    /// Seconds an approval may wait before the step expires; `nil` waits forever.
    public var approvalTimeoutSeconds: Double?

    public init(users: [String] = [], groups: [String] = [], preventSelfApproval: Bool = false,
                approvalTimeoutSeconds: Double? = nil) {
        self.users = users
        self.groups = groups
        self.preventSelfApproval = preventSelfApproval
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
    }
}

extension ApproverPolicy {
    /// True when `identity` is one of the users or in one of the groups.
    public func admits(_ identity: OperatorIdentity) -> Bool {
        users.contains(identity.name) || !Set(groups).isDisjoint(with: identity.groups)
    }

    /// `users alice, bob and groups dr-leads`, for refusals; `nil` when nobody is named.
    public var named: String? {
        var who: [String] = []
        if !users.isEmpty { who.append("users \(users.joined(separator: ", "))") }
        if !groups.isEmpty { who.append("groups \(groups.joined(separator: ", "))") }
        return who.isEmpty ? nil : who.joined(separator: " and ")
    }
}

/// Who is acting: the operating-system identity, never a flag or `$USER`.
public struct OperatorIdentity: Sendable, Equatable, Codable {
    public var name: String
    public var groups: [String]
    /// Where the operator is (e.g. `ssh 10.0.0.7`), when known.
    public var origin: String?
    /// A second operator simulated by `warroom demo --as` (marked so in the audit).
    public var simulated: Bool

    public init(name: String, groups: [String] = [], origin: String? = nil, simulated: Bool = false) {
        self.name = name
        self.groups = groups
        self.origin = origin
        self.simulated = simulated
    }
}

/// Why an operator may not decide on a step, in words for that operator.
public struct ActionRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// The approval rules as one pure function: authority, no self-approval, the
/// same operator never counted twice, and only a step that awaits approval.
public enum ApprovalPolicy {
    /// Why nothing is decided here about `subject` (an incident or a plan)
    /// that a cluster's decider at `site` keeps: this site only mirrors it.
    public static func keptElsewhere(_ subject: String, at site: String) -> String {
        "act at the decider: \(site) (\(subject) is kept there; this site's agent only mirrors it)"
    }

    /// Nil when `identity` may approve (or reject) `step` now; otherwise why
    /// not. In a cluster a step may be decided at any site whose agent has
    /// quorum, whichever site keeps its plan: the decision goes through the
    /// cluster (``SharedDecisions``).
    public static func refusal(for identity: OperatorIdentity, deciding step: PlanStep, of plan: FailoverPlan,
                               policy: ApproverPolicy, existing all: [Approval]) -> ActionRefusal? {
        let existing = current(all, for: step)
        guard step.requiresApproval else {
            return ActionRefusal("step \(step.number) needs no approval; it runs on its own")
        }
        guard step.state == .awaitingApproval else {
            let decided = all.last { $0.planID == plan.id && $0.stepNumber == step.number }
            if let decided, step.state == .expired, decided.decision == .expired {
                let site = decided.siteID.map { " (said by \($0)'s agent)" } ?? ""
                return ActionRefusal("step \(step.number) expired at \(Format.utc(decided.decidedAt))\(site): \(decided.comment); "
                                     + "it will not run: propose the plan again")
            }
            if let decided, step.state == .approved || step.state == .rejected {
                let site = decided.siteID.map { " at \($0)," } ?? " at"
                return ActionRefusal("already \(decided.decision.rawValue) by \(decided.operatorName)\(site) \(Format.utc(decided.decidedAt))")
            }
            return ActionRefusal("step \(step.number) is \(step.state.rawValue), not awaiting approval")
        }
        guard policy.admits(identity) else {
            let allowed = policy.named.map { "only \($0) may approve" } ?? "nobody is named as approver"
            return ActionRefusal("\(identity.name) may not approve steps of \(plan.id): \(allowed)")
        }
        if policy.preventSelfApproval && identity.name == plan.proposedBy {
            return ActionRefusal("\(identity.name) started \(plan.id) and the runbook forbids approving one's own plan")
        }
        if let mine = existing.first(where: {
            $0.planID == plan.id && $0.stepNumber == step.number && $0.operatorName == identity.name && $0.decision == .approved
        }) {
            return ActionRefusal("\(identity.name) already approved step \(step.number) at \(Format.utc(mine.decidedAt)); \(step.approversRequired) different operators must approve it")
        }
        return nil
    }

    /// The approvals that count towards `step` now (see ``current(_:for:)``).
    public static func countingApprovals(_ approvals: [Approval], for step: PlanStep) -> [Approval] {
        current(approvals, for: step).filter { $0.decision == .approved }
    }

    /// The decisions that count for `step` now: those made since it last began
    /// waiting for approval (an approval invalidated by a failed pre-flight no
    /// longer counts). A decision taken at another site of a cluster says
    /// which wait it answers: it counts for that one, whatever that site's clock.
    public static func current(_ approvals: [Approval], for step: PlanStep) -> [Approval] {
        approvals.filter {
            guard $0.planID == step.planID, $0.stepNumber == step.number else { return false }
            if let answering = $0.answering, let since = step.awaitingSince { return answering == since }
            return $0.decidedAt >= (step.awaitingSince ?? 0)
        }
    }
}
