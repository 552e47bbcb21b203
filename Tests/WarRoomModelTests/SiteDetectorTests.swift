import Testing
import WarRoomModel

@Suite("Site-down detection and the decision engine")
struct SiteDetectorTests {
    static let failing = [FailingService(serviceID: "core-mcp", reason: "connect timeout after 2 s")]

    /// Feeds `rounds` (true: a critical service fails) to a detector, one every 5 s.
    func run(_ rounds: [Bool], failed: Int = 3, recovered: Int = 3) -> [DetectionEvent?] {
        var detector = SiteDetector(thresholds: DetectionThresholds(failedRounds: failed, recoveredRounds: recovered))
        return rounds.enumerated().map { index, fails in
            detector.observe(siteID: "new-york", failing: fails ? Self.failing : [], at: EpochMillis(index * 5000))
        }
    }

    @Test("down after N consecutive failed rounds, dated from the first")
    func downAfterN() {
        let events = run([false, true, true, true, true])
        #expect(events[0...2].allSatisfy { $0 == nil })
        #expect(events[3] == .down(siteID: "new-york", since: 5000, evidence: Self.failing))
        #expect(events[4] == .stillDown(siteID: "new-york", evidence: Self.failing), "evidence for the open incident, not a new one")
    }

    @Test("a healthy round in between starts the count again")
    func interrupted() {
        #expect(run([true, true, false, true, true]).allSatisfy { $0 == nil })
    }

    @Test("up again only after M consecutive healthy rounds: a flap does not close the outage")
    func flapDamping() {
        let events = run([true, true, true, false, false, true, false, false, false])
        #expect(events[2] == .down(siteID: "new-york", since: 0, evidence: Self.failing))
        #expect(events[3] == nil && events[4] == nil, "two healthy rounds are not enough")
        #expect(events[5] == .stillDown(siteID: "new-york", evidence: Self.failing))
        #expect(events[6] == nil && events[7] == nil)
        #expect(events[8] == .up(siteID: "new-york", downSince: 0))
    }

    @Test("after coming back up, a new outage is detected afresh")
    func secondOutage() {
        let events = run([true, true, true, false, false, false, true, true, true])
        #expect(events[5] == .up(siteID: "new-york", downSince: 0))
        #expect(events[8] == .down(siteID: "new-york", since: 30000, evidence: Self.failing))
    }

    static let services = [
        Service(id: "core-mcp", name: "Core MCP Server", tier: 1, rtoSeconds: 900, rpoSeconds: 5),
        Service(id: "registry", name: "Registry", tier: 2, rtoSeconds: 1800, rpoSeconds: 5),
    ]

    @Test("decision modes: automatic and manual as configured; hybrid by the tier of what fails")
    func decisions() {
        let registry = [FailingService(serviceID: "registry", reason: "HTTP 503")]
        #expect(FailoverDecision.decide(configured: .automatic, failing: registry, services: Self.services,
                                        rule: HybridRule()).mode == .automatic)
        #expect(FailoverDecision.decide(configured: .manual, failing: Self.failing, services: Self.services,
                                        rule: HybridRule()).mode == .manual)
        let critical = FailoverDecision.decide(configured: .hybrid, failing: Self.failing + registry, services: Self.services,
                                               rule: HybridRule(criticalTiers: [1]))
        #expect(critical == FailoverDecision(mode: .automatic, reason: "hybrid: Core MCP Server (tier 1) is failing, a critical failure (tiers 1): decided automatically"))
        let minor = FailoverDecision.decide(configured: .hybrid, failing: registry, services: Self.services,
                                            rule: HybridRule(criticalTiers: [1]))
        #expect(minor == FailoverDecision(mode: .manual, reason: "hybrid: no failing service is in a critical tier (1): every step needs approval"))
    }
}
