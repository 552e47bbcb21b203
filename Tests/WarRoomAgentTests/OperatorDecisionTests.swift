import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes
import WarRoomStore
import WarRoomTestSupport

/// Approvals against a real cache: who may approve, how many, and what
/// happens when two decide at once.
@Suite("Operator decisions")
struct OperatorDecisionTests {
    static let runbookText = """
        name: Failover to London
        from: new-york
        to: london
        approvers: { users: [alice, bob, carol], groups: [dr-leads] }
        prevent_self_approval: true
        approval_timeout: 10m
        steps:
          - id: isolate
            title: Isolate New York
            command: [/bin/echo, isolated]
            approval: required
          - id: promote
            title: Promote London
            command: [/bin/echo, promoted]
            approval: required
            approvers: 2
            preflight: { target_healthy: true, replication_within_rpo: [session-state] }
        """

    let dir = TemporaryDirectory()
    let writer: CacheWriter
    let runbook: Runbook

    init() throws {
        writer = try CacheWriter(path: dir.file("cache.sqlite"))
        runbook = try RunbookFile.parse(Self.runbookText, file: "test.yaml")
        let (plan, steps) = runbook.plan(id: "PLAN-0001", incidentID: "INC-0001", proposedBy: "carol", at: 1_000)
        try writer.apply([
            .topology(sites: DemoTopology.example.sites, services: DemoTopology.example.services, links: DemoTopology.example.links),
            .incident(Incident(id: "INC-0001", title: "NY down", severity: .sev1, status: .investigating, commander: nil,
                               serviceID: "core-mcp", impactStartedAt: 0, openedAt: 0)),
            .plan(plan, steps: steps),
        ])
    }

    func decide(_ who: String, step: Int, _ decision: ApprovalDecision = .approved, comment: String = "",
                groups: [String] = [], hash: String? = nil, at: EpochMillis = 2_000) throws -> ActionOutcome {
        try writer.record(StepDecision(planID: "PLAN-0001", stepNumber: step, decision: decision, comment: comment,
                                       runbookHash: hash ?? runbook.contentHash),
                          by: OperatorIdentity(name: who, groups: groups), at: at)
    }

    func state(_ step: Int) throws -> StepState? {
        try writer.snapshot().steps.first { $0.number == step }?.state
    }

    @Test("one approver is enough for a one-approver step, and the step is approved once")
    func single() throws {
        #expect(try decide("alice", step: 1) == .recorded(message: "approved step 1 of PLAN-0001", stepState: .approved))
        #expect(try state(1) == .approved)
        guard case .refused(let refusal) = try decide("bob", step: 1) else { Issue.record("approved twice"); return }
        #expect(refusal.reason.hasPrefix("already approved by alice at 1970-01-01 00:00:02 UTC"))
    }

    @Test("two-person rule: two distinct operators, the same one never counts twice")
    func twoPerson() throws {
        let first = try decide("alice", step: 2)
        #expect(first == .recorded(message: "approval 1 of 2 recorded for step 2; another operator must approve",
                                   stepState: .awaitingApproval))
        guard case .refused(let again) = try decide("alice", step: 2) else { Issue.record("alice counted twice"); return }
        #expect(again.reason.contains("alice already approved step 2"))
        #expect(try state(2) == .awaitingApproval)
        #expect(try decide("bob", step: 2) == .recorded(message: "approved step 2 of PLAN-0001", stepState: .approved))
    }

    @Test("the operator who started the plan may not approve it when the runbook says so")
    func selfApproval() throws {
        guard case .refused(let refusal) = try decide("carol", step: 1) else { Issue.record("self-approved"); return }
        #expect(refusal.reason.contains("carol started PLAN-0001"))
        #expect(try state(1) == .awaitingApproval)
    }

    @Test("an unauthorised operator is refused and told who may approve; a group grants authority")
    func unauthorised() throws {
        guard case .refused(let refusal) = try decide("mallory", step: 1) else { Issue.record("mallory approved"); return }
        #expect(refusal.reason == "mallory may not approve steps of PLAN-0001: only users alice, bob, carol and groups dr-leads may approve")
        #expect(try decide("dave", step: 1, groups: ["dr-leads"]).message == "approved step 1 of PLAN-0001")
    }

    @Test("a rejection needs a reason; an approval for another runbook text is refused")
    func rejectAndHash() throws {
        #expect(try decide("alice", step: 1, .rejected).message == "a rejection needs a reason")
        #expect(try decide("alice", step: 1, hash: "sha256:00").message.contains("runbook of PLAN-0001 changed"))
        #expect(try decide("alice", step: 1, .rejected, comment: "NY power is back").message == "rejected step 1 of PLAN-0001")
        #expect(try state(1) == .rejected)
    }

    @Test("every decision is in the audit trail and the timeline, and the trail verifies")
    func audited() throws {
        _ = try decide("alice", step: 2)
        _ = try decide("bob", step: 2)
        let trail = try writer.auditTrail()
        #expect(trail.map(\.action) == ["approve", "approve", "step.state"])
        #expect(trail.last?.detail == "awaiting_approval → approved")
        #expect(AuditChain.verify(trail, anchors: try writer.anchorFile.read() ?? []) == nil)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains { $0.hasPrefix("bob approved step 2 (Promote London): 2 of 2") })
    }

    @Test("two approvals racing from two connections: one state change, one clear refusal", arguments: 0..<5)
    func race(round: Int) throws {
        let other = try CacheWriter(path: dir.file("cache.sqlite"))
        let start = DispatchSemaphore(value: 0)
        let results = Results()
        let group = DispatchGroup()
        for (who, connection) in [("alice", writer), ("bob", other)] {
            DispatchQueue.global().async(group: group) {
                start.wait()
                let outcome = try? connection.record(
                    StepDecision(planID: "PLAN-0001", stepNumber: 1, decision: .approved, runbookHash: runbook.contentHash),
                    by: OperatorIdentity(name: who), at: 2_000)
                results.append(outcome)
            }
        }
        start.signal()
        start.signal()
        group.wait()
        let outcomes = results.all
        #expect(outcomes.filter { $0 == .recorded(message: "approved step 1 of PLAN-0001", stepState: .approved) }.count == 1)
        #expect(outcomes.filter { $0?.message.hasPrefix("already approved by ") == true }.count == 1)
        #expect(try writer.auditTrail().filter { $0.action == "step.state" }.count == 1)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [ActionOutcome?] = []
        var all: [ActionOutcome?] { lock.withLock { outcomes } }
        func append(_ outcome: ActionOutcome?) { lock.withLock { outcomes.append(outcome) } }
    }
}
