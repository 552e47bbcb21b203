/// A failover runbook: who may approve, and the ordered steps, as its YAML
/// file says. Plans are made from runbooks; the plan keeps the runbook's hash
/// so an approval can be tied to the exact text it was given for.
public struct Runbook: Sendable, Equatable {
    public var name: String
    public var fromSiteID: String
    public var toSiteID: String
    public var policy: ApproverPolicy
    public var steps: [RunbookStep]
    /// `sha256:HEX` of the file's text.
    public var contentHash: String

    public init(name: String, fromSiteID: String, toSiteID: String, policy: ApproverPolicy, steps: [RunbookStep],
                contentHash: String) {
        self.name = name
        self.fromSiteID = fromSiteID
        self.toSiteID = toSiteID
        self.policy = policy
        self.steps = steps
        self.contentHash = contentHash
    }

    /// The plan this runbook makes: steps needing approval wait for it, the rest
    /// are pending. With `everyStepNeedsApproval` (decision mode manual) each step
    /// waits for at least one approver, whatever the runbook says.
    public func plan(id: String, incidentID: String?, proposedBy: String, at now: EpochMillis,
                     everyStepNeedsApproval: Bool = false) -> (FailoverPlan, [PlanStep]) {
        let plan = FailoverPlan(id: id, incidentID: incidentID, name: name, fromSiteID: fromSiteID, toSiteID: toSiteID,
                                proposedAt: now, proposedBy: proposedBy, runbookHash: contentHash, policy: policy)
        let steps = steps.enumerated().map { index, step in
            let approval = step.approvalRequired || everyStepNeedsApproval
            return PlanStep(planID: id, number: index + 1, key: step.id, title: step.title,
                            action: step.spec.action.displayText, requiresApproval: approval,
                            approversRequired: approval ? max(1, step.approvers) : 0,
                            changesProduction: step.changesProduction, state: approval ? .awaitingApproval : .pending,
                            updatedAt: now, spec: step.spec, awaitingSince: approval ? now : nil)
        }
        return (plan, steps)
    }
}

/// One runbook step.
public struct RunbookStep: Sendable, Equatable {
    public var id: String
    public var title: String
    public var spec: StepSpec
    public var approvalRequired: Bool
    /// Distinct operators who must approve.
    public var approvers: Int
    public var changesProduction: Bool

    public init(id: String, title: String, spec: StepSpec, approvalRequired: Bool, approvers: Int, changesProduction: Bool) {
        self.id = id
        self.title = title
        self.spec = spec
        self.approvalRequired = approvalRequired
        self.approvers = approvers
        self.changesProduction = changesProduction
    }
}
