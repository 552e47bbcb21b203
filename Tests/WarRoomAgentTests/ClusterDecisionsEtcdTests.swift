import Foundation
import Testing
@testable import WarRoomCluster
import WarRoomModel
import WarRoomTestSupport

extension EtcdLabTests {
    /// Decisions on steps through the lab's real etcd: created once by
    /// number, read back in commit order by every site, in each round too.
    @Suite("Decisions on steps through the lab's etcd")
    struct ClusterDecisionsEtcdTests {
        let lab: Lab
        let settings: ClusterSettings
        let endpoints: [String]

        init() throws {
            let lab = try Lab()
            self.lab = lab
            endpoints = ["ETCD_NEW_YORK_CLIENT", "ETCD_LONDON_CLIENT", "ETCD_SINGAPORE_CLIENT"].map { "http://127.0.0.1:\(lab.port($0))" }
            settings = ClusterSettings(name: "test-" + UUID().uuidString.prefix(8).lowercased(), endpoints: endpoints, leaseSeconds: 2)
        }

        /// A site's member, speaking to its own etcd member only.
        func member(_ site: String, _ index: Int) -> ClusterMember {
            // A deadline for a loaded machine: the whole suite runs beside this.
            ClusterMember(store: EtcdGateway(endpoints: [endpoints[index]], timeout: 5), settings: settings, siteID: site,
                          sites: ["new-york", "london", "singapore"], observers: ["new-york", "london", "singapore"],
                          rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))
        }

        static func decision(_ name: String, at site: String, number: Int = 1) -> SharedDecision {
            SharedDecision(approval: Approval(planID: "PLAN-0001", stepNumber: 1, operatorName: name, origin: nil, decision: .approved,
                                              comment: "", decidedAt: 5000, preflightFacts: "{}", runbookHash: "sha256:ab",
                                              overrode: false, siteID: site),
                           number: number, actor: name, auditDetail: "Step 1", timelineText: "\(name) approved step 1")
        }

        /// A blocking call off the cooperative pool.
        func off<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
            await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume(returning: work()) } }
        }

        @Test("two sites creating the same decision number at once: one is recorded, the other finds it taken; every site reads it, with its revision, in its round too")
        func oneOfTwo() async throws {
            #expect(await EtcdLabTests.untilEveryMemberAnswers(lab))
            let london = member("london", 1), singapore = member("singapore", 2)
            for round in 0..<5 {
                let number = round + 1
                // Straight to the members, at once: the blocking bridge is the socket's, not this race's.
                async let fromLondon = london.record(Self.decision("alice", at: "london", number: number))
                async let fromSingapore = singapore.record(Self.decision("bob", at: "singapore", number: number))
                let outcomes = await [fromLondon, fromSingapore]
                #expect(outcomes.filter { if case .recorded = $0 { true } else { false } }.count == 1, "\(outcomes)")
                #expect(outcomes.contains(.taken), "\(outcomes)")
            }
            let newYork = member("new-york", 0)
            let held = try await off { ClusterDecisions(member: newYork, siteID: "new-york", waitSeconds: 10).all() }.get().decisions
            #expect(held.map(\.number) == [1, 2, 3, 4, 5])
            #expect(held.allSatisfy { ($0.approval.revision ?? 0) > 0 })
            let revisions = held.map { $0.approval.revision ?? 0 }
            #expect(revisions == revisions.sorted())
            let step = try await london.decisions(planID: "PLAN-0001", stepNumber: 1).get()
            #expect(step == held)
            #expect(try await london.decisions(planID: "PLAN-0001", stepNumber: 2).get().isEmpty)
            let round = await newYork.round(publishing: [], sharing: { _, _ in [] }, at: 1000)
            #expect(round.ledger.decisions == held)
            await newYork.leave()
        }

        @Test("each site's consoles go to the others under its agent's lease, and vanish with it")
        func presence() async throws {
            #expect(await EtcdLabTests.untilEveryMemberAnswers(lab))
            let london = member("london", 1), singapore = member("singapore", 2)
            let ana = ConsolePresence(consoleID: "ldn-1:42", operatorName: "ana", host: "ldn-1", siteID: "london", screen: "Failover",
                                      confirming: ConfirmingStep(planID: "PLAN-0001", stepNumber: 2, decision: .approved), seenAt: 1000)
            _ = await london.round(publishing: [], consoles: [ana], sharing: { _, _ in [] }, at: 1000)
            let seen = await singapore.round(publishing: [], consoles: [], sharing: { _, _ in [] }, at: 1000)
            #expect(seen.consoles == [ana])
            #expect(await london.round(publishing: [], consoles: [ana], sharing: { _, _ in [] }, at: 1000).consoles == [],
                    "a site's own consoles are its cache's already")
            await london.leave()
            #expect(await singapore.round(publishing: [], consoles: [], sharing: { _, _ in [] }, at: 2000).consoles == [])
            await singapore.leave()
        }
    }
}
