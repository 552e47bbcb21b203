/// An operator's decision on a step, or, in a cluster, the decider's that
/// the step's wait ran out (``expired``).
public enum ApprovalDecision: String, Codable, Sendable, CaseIterable {
    case approved, rejected
    /// The step waited past the runbook's `approval_timeout`. In a cluster the
    /// decider records it among the operators' decisions on the step, so that
    /// an approval and the expiry racing make one change: whichever the
    /// cluster committed first. Never an operator's to make.
    case expired

    /// The audit's action for it: `approve`, `reject`, `expire`.
    public var auditAction: String {
        switch self {
        case .approved: "approve"
        case .rejected: "reject"
        case .expired: "expire"
        }
    }
}

/// A recorded decision on a failover step, bound to what the approver saw.
public struct Approval: Codable, Sendable, Hashable {
    public var planID: String
    public var stepNumber: Int
    /// The operating-system user who decided.
    public var operatorName: String
    /// Where the operator was (e.g. the SSH client address), when known.
    public var origin: String?
    public var decision: ApprovalDecision
    public var comment: String
    public var decidedAt: EpochMillis
    /// The pre-flight facts shown to the approver, as canonical JSON.
    public var preflightFacts: String
    public var runbookHash: String
    /// True when the approver overrode a failing pre-flight.
    public var overrode: Bool
    /// True for a second operator simulated by `warroom demo --as`.
    public var simulated: Bool
    /// In a cluster, the site whose agent took the decision; `nil` for an agent alone.
    public var siteID: String?
    /// In a cluster, the revision of the cluster's store the decision was
    /// committed at: its place in every site's audit.
    public var revision: Int64?
    /// In a cluster, when the step began the wait this decision answers, as
    /// the deciding site held it: it counts for that wait only, however the
    /// sites' clocks differ (``ApprovalPolicy/current(_:for:)``).
    public var answering: EpochMillis?

    public init(planID: String, stepNumber: Int, operatorName: String, origin: String?,
                decision: ApprovalDecision, comment: String, decidedAt: EpochMillis,
                preflightFacts: String, runbookHash: String, overrode: Bool, simulated: Bool = false,
                siteID: String? = nil, revision: Int64? = nil, answering: EpochMillis? = nil) {
        self.planID = planID
        self.stepNumber = stepNumber
        self.operatorName = operatorName
        self.origin = origin
        self.decision = decision
        self.comment = comment
        self.decidedAt = decidedAt
        self.preflightFacts = preflightFacts
        self.runbookHash = runbookHash
        self.overrode = overrode
        self.simulated = simulated
        self.siteID = siteID
        self.revision = revision
        self.answering = answering
    }
}

/// One entry of the append-only, hash-chained audit trail.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// Position in the chain, from 1.
    public var sequence: Int64
    public var at: EpochMillis
    public var actor: String
    /// e.g. `approve`, `reject`, `step.state`.
    public var action: String
    /// What it acted on, e.g. `PLAN-0001/4`.
    public var subject: String
    public var detail: String
    /// Hash of the entry before (empty for the first).
    public var previousHash: String
    /// Hash over `previousHash` and this entry's canonical encoding.
    public var hash: String

    public init(sequence: Int64, at: EpochMillis, actor: String, action: String, subject: String,
                detail: String, previousHash: String, hash: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }
}
