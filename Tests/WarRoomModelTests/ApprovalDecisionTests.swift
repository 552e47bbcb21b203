import Testing
import WarRoomModel

@Suite("The approval decision as a pure function")
struct ApprovalDecisionTests {
    static let plan = FailoverPlan(id: "PLAN-0001", incidentID: "INC-0001", name: "Failover", fromSiteID: "new-york",
                                   toSiteID: "london", proposedAt: 0, proposedBy: "carol", runbookHash: "sha256:r",
                                   policy: ApproverPolicy(users: ["alice", "bob", "carol"], groups: ["sre"],
                                                          preventSelfApproval: true))
    static let step = PlanStep(planID: "PLAN-0001", number: 4, key: "promote", title: "Promote London", action: "promote",
                               requiresApproval: true, approversRequired: 2, changesProduction: true,
                               state: .awaitingApproval, updatedAt: 10, awaitingSince: 10)

    static func decision(_ kind: ApprovalDecision = .approved, comment: String = "", hash: String = "sha256:r") -> StepDecision {
        StepDecision(planID: "PLAN-0001", stepNumber: 4, decision: kind, comment: comment, runbookHash: hash)
    }

    static func approval(by name: String, at: EpochMillis = 20) -> Approval {
        Approval(planID: "PLAN-0001", stepNumber: 4, operatorName: name, origin: nil, decision: .approved, comment: "",
                 decidedAt: at, preflightFacts: "{}", runbookHash: "sha256:r", overrode: false)
    }

    static func decide(_ decision: StepDecision, by name: String, groups: [String] = [],
                       existing: [Approval] = []) -> Result<DecisionEffect, ActionRefusal> {
        ApprovalPolicy.decide(decision, by: OperatorIdentity(name: name, groups: groups), step: step, of: plan,
                              existing: existing)
    }

    @Test("the first of two approvals is counted and the step keeps waiting; the second approves it")
    func counts() throws {
        let first = try Self.decide(Self.decision(), by: "alice").get()
        #expect(first.stepState == .awaitingApproval)
        #expect(first.approvalsCounted == 1)
        #expect(first.message == "approval 1 of 2 recorded for step 4; another operator must approve")
        let second = try Self.decide(Self.decision(), by: "bob", existing: [Self.approval(by: "alice")]).get()
        #expect(second.stepState == .approved)
        #expect(second.approvalsCounted == 2)
        #expect(second.timelineText == "bob approved step 4 (Promote London): 2 of 2")
    }

    @Test("the same operator is never counted twice (two-person rule)")
    func twoPersonRule() {
        let again = Self.decide(Self.decision(), by: "alice", existing: [Self.approval(by: "alice")])
        #expect(throws: ActionRefusal.self) { try again.get() }
        #expect((try? again.get()) == nil)
        if case .failure(let refusal) = again { #expect(refusal.reason.contains("alice already approved step 4")) }
    }

    @Test("approvals from before the step last began waiting do not count")
    func staleApprovalsDoNotCount() throws {
        let effect = try Self.decide(Self.decision(), by: "bob", existing: [Self.approval(by: "alice", at: 5)]).get()
        #expect(effect.approvalsCounted == 1)
        #expect(effect.stepState == .awaitingApproval)
    }

    @Test("a decision from another site of a cluster counts for the wait it answers, whatever that site's clock")
    func answersItsWait() {
        var behind = Self.approval(by: "alice", at: 5)  // that site's clock is behind: decided "before" the wait began
        behind.answering = 10
        var earlier = Self.approval(by: "bob", at: 30)  // decided "after", but for an earlier wait
        earlier.answering = 3
        #expect(ApprovalPolicy.countingApprovals([behind, earlier], for: Self.step).map(\.operatorName) == ["alice"])
        var both = earlier
        both.answering = 10
        #expect(ApprovalPolicy.settledState(of: Self.step, by: [behind, both]) == .approved)
        #expect(ApprovalPolicy.settledState(of: Self.step, by: [behind, earlier]) == .awaitingApproval)
    }

    @Test("refusals in words: not an approver, own plan, changed runbook, rejection without reason")
    func refusals() {
        func reason(_ result: Result<DecisionEffect, ActionRefusal>) -> String? {
            if case .failure(let refusal) = result { refusal.reason } else { nil }
        }
        #expect(reason(Self.decide(Self.decision(), by: "mallory")) == "mallory may not approve steps of PLAN-0001: only users alice, bob, carol and groups sre may approve")
        #expect(reason(Self.decide(Self.decision(), by: "dave", groups: ["sre"])) == nil, "group members may approve")
        #expect(reason(Self.decide(Self.decision(), by: "carol"))?.contains("started PLAN-0001") == true)
        #expect(reason(Self.decide(Self.decision(hash: "sha256:other"), by: "alice"))?.contains("runbook of PLAN-0001 changed") == true)
        #expect(reason(Self.decide(Self.decision(.rejected, comment: "  "), by: "alice")) == "a rejection needs a reason")
    }

    @Test("a rejection with a reason rejects the step at once")
    func rejection() throws {
        let effect = try Self.decide(Self.decision(.rejected, comment: " lag too high "), by: "alice").get()
        #expect(effect.stepState == .rejected)
        #expect(effect.comment == "lag too high")
        #expect(effect.auditAction == "reject")
        #expect(effect.message == "rejected step 4 of PLAN-0001")
    }
}
