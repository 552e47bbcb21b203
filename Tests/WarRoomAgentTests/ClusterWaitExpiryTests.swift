import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomOperators
import WarRoomStore

/// A step's wait for approval running out in a cluster: the decider records
/// the expiry among the step's decisions, so that it and an approval taken
/// elsewhere at that moment make one change, never an approval told
/// "approved" and then lost.
@Suite("A wait for approval running out in a cluster")
struct ClusterWaitExpiryTests {
    let sites = ClusterDecisionTests()
    let ledger = ClusterDecisionTests.Ledger()
    /// Step 1 began waiting at 4000; the runbook gives it a minute.
    static let deadline: EpochMillis = 4000 + 61_000

    /// The decider's claims: nothing is started in these tests, only waits closed.
    struct Claims: StepClaims {
        let decisions: any SharedDecisions
        func claim(planID: String, stepNumber: Int) -> StepClaim { .unavailable("nothing is started in this test") }
    }

    /// New York's (the decider's) and London's caches, the plan's waits a minute long.
    func caches() throws -> (newYork: CacheWriter, london: CacheWriter) {
        let (newYork, london) = (try sites.site("new-york"), try sites.site("london"))
        for (writer, site) in [(newYork, "new-york"), (london, "london")] {
            var plan = ClusterDecisionTests.plan
            plan.keptAt = site == "new-york" ? nil : "new-york"
            plan.policy.approvalTimeoutSeconds = 60
            let steps = try writer.snapshot().steps
            try writer.apply([.plan(plan, steps: steps)])
        }
        return (newYork, london)
    }

    func tick(_ executor: StepExecutor, _ writer: CacheWriter, at now: EpochMillis) throws {
        try executor.tick(snapshot: writer.snapshot(), clockNow: now, wallNow: now)
    }

    func state(_ writer: CacheWriter, step: Int) throws -> StepState? {
        try writer.snapshot().steps.first { $0.number == step }?.state
    }

    @Test("the expiry committed first: the step expires at every site, and an approval after it is refused, saying so")
    func expiryFirst() throws {
        let (newYork, london) = try caches()
        let executor = StepExecutor(store: newYork, claims: Claims(decisions: ledger.at("new-york")))
        try tick(executor, newYork, at: Self.deadline - 2000)
        #expect(try state(newYork, step: 1) == .awaitingApproval, "not before its time")
        try tick(executor, newYork, at: Self.deadline)
        #expect(try state(newYork, step: 1) == .expired)
        #expect(try ledger.at("london").all().get().decisions.map(\.approval.decision) == [.expired, .expired],
                "both waiting steps closed in the cluster")
        // London has not mirrored it yet: its operator is refused all the same.
        let late = try sites.actions("alice", at: london, "london", ledger).decide(ClusterDecisionTests.approve(1))
        #expect(!late.isRecorded)
        #expect(late.message.hasPrefix("step 1 expired at "), "\(late.message)")
        #expect(late.message.hasSuffix("(said by new-york's agent): not approved within 1m; it will not run: propose the plan again"),
                "\(late.message)")
        try london.apply([.sharedDecisions(try ledger.at("london").all().get())])
        for writer in [newYork, london] {
            #expect(try state(writer, step: 1) == .expired)
            let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
            #expect(timeline.contains("Step 1 (Step 1) expired: not approved within 1m; it will not run"), "\(writer.path)")
            #expect(try writer.auditTrail().filter { $0.action == "expire" }.map(\.subject) == ["PLAN-0001/1", "PLAN-0001/2"])
            #expect(AuditChain.verify(try writer.auditTrail(), anchors: try writer.anchorFile.read() ?? []) == nil)
        }
        let said = try newYork.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(said.contains { $0.hasPrefix("Escalating: step 1 of PLAN-0001 waited 1m for approval") })
    }

    @Test("an approval committed first: it counts and the step is approved, not expired")
    func approvalFirst() throws {
        let (newYork, london) = try caches()
        // Alice at London approves between the decider's read and its create.
        ledger.beforeCreate = {
            _ = try? self.sites.actions("alice", at: london, "london", self.ledger).decide(ClusterDecisionTests.approve(1))
        }
        let executor = StepExecutor(store: newYork, claims: Claims(decisions: ledger.at("new-york")))
        try tick(executor, newYork, at: Self.deadline)
        #expect(try state(london, step: 1) == .approved, "Alice was told it was approved")
        #expect(try state(newYork, step: 1) == .approved, "and it is, at the decider")
        let held = try ledger.at("new-york").all().get().decisions
        #expect(held.filter { $0.approval.stepNumber == 1 }.map(\.approval.decision) == [.approved])
        let timeline = try newYork.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(!timeline.contains { $0.hasPrefix("Step 1 (Step 1) expired") })
        #expect(try state(newYork, step: 2) == .expired, "the other step's wait, which nobody answered, ran out")
    }

    @Test("no answer from the cluster: the wait stays open, said once, and closes once the cluster answers")
    func noAnswer() throws {
        let (newYork, _) = try caches()
        let executor = StepExecutor(store: newYork, claims: Claims(decisions: ledger.at("new-york")))
        ledger.answering = false
        try tick(executor, newYork, at: Self.deadline)
        try tick(executor, newYork, at: Self.deadline + 1000)
        #expect(try state(newYork, step: 1) == .awaitingApproval)
        let timeline = try newYork.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.filter { $0.hasPrefix("Step 1 (Step 1) waited 1m for approval, but its expiry cannot be recorded in the cluster") }
                .count == 1)
        ledger.answering = true
        try tick(executor, newYork, at: Self.deadline + 2000)
        #expect(try state(newYork, step: 1) == .expired)
    }

    @Test("an operator cannot send an expiry: a wait expires on its own")
    func notAnOperators() throws {
        let (_, london) = try caches()
        var decision = ClusterDecisionTests.approve(1)
        decision.decision = .expired
        let refused = try sites.actions("alice", at: london, "london", ledger).decide(decision)
        #expect(!refused.isRecorded && refused.message == "a step's wait expires on its own: an operator approves or rejects it")
        #expect(try ledger.at("london").all().get().decisions.isEmpty)
    }
}
