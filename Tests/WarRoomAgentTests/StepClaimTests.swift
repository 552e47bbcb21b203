import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomStore

/// Claims answered as a test says, counting what was asked.
final class ScriptedClaims: StepClaims, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [StepClaim]
    private(set) var asked = 0
    /// No wait runs out in these tests.
    let decisions: any SharedDecisions = ClusterDecisionTests.Ledger().at("new-york")

    init(_ answers: [StepClaim]) { self.answers = answers }

    func claim(planID: String, stepNumber: Int) -> StepClaim {
        lock.withLock {
            asked += 1
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
    }
}

/// Claim before act: in a cluster the executor claims each step before it
/// starts it; a step claimed first elsewhere is never started here.
extension StepExecutorTests {
    @Test("claimed: the step starts, the claim's revision on its timeline line and in the audit")
    func claimedStarts() throws {
        let claims = ScriptedClaims([.claimed(revision: 4242)])
        let executor = StepExecutor(store: writer, claims: claims)
        let step = try run(executor, step: 1, until: [.succeeded, .failed])
        #expect(step?.state == .succeeded)
        #expect(claims.asked == 1)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains("Step 1 started: Check (claimed in the cluster at revision 4242)"))
        #expect(try writer.auditTrail().contains { $0.detail == "pending → running (claimed in the cluster at revision 4242)" })
    }

    @Test("claimed first by another site's agent: never started here, unknown, said in words; never asked again")
    func claimedElsewhere() throws {
        let claims = ScriptedClaims([.claimedBefore(by: "singapore", revision: 77)])
        let executor = StepExecutor(store: writer, claims: claims)
        let step = try run(executor, step: 1, until: [.unknown, .succeeded])
        #expect(step?.state == .unknown)
        #expect(step?.output == "", "nothing ran")
        for _ in 0..<3 { try executor.tick(snapshot: writer.snapshot(), clockNow: now + 3, wallNow: now + 3) }
        #expect(claims.asked == 1)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains { $0.hasPrefix("Step 1 (Check) was claimed first by singapore's agent (cluster revision 77): it may have run there") })
        #expect(try writer.auditTrail().contains { $0.detail == "pending → unknown (claimed by singapore at cluster revision 77)" })
    }

    @Test("no answer from the cluster: the step waits, saying why once, and starts once its claim is made")
    func claimUnavailable() throws {
        let claims = ScriptedClaims([.unavailable("no quorum"), .unavailable("no quorum"), .claimed(revision: 9)])
        let executor = StepExecutor(store: writer, claims: claims)
        try executor.tick(snapshot: writer.snapshot(), clockNow: now + 2, wallNow: now + 2)
        try executor.tick(snapshot: writer.snapshot(), clockNow: now + 2, wallNow: now + 2)
        #expect(try writer.snapshot().steps.first?.state == .pending)
        let step = try run(executor, step: 1, until: [.succeeded, .failed])
        #expect(step?.state == .succeeded)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.filter { $0 == "Step 1 (Check) waits: it cannot be claimed in the cluster (no quorum)" }.count == 1)
    }
}
