import Testing
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// The demo's outage goes through the agent's own detection: the simulator
/// only fails checks; ``SiteWatch`` on the seeds' configuration decides New
/// York is down, opens the incident, decides by New York's hybrid mode and
/// proposes the plan, as a configured agent does.
@Suite("Demo: detected by the agent's own SiteWatch")
struct DemoDetectionTests {
    static let powerLossAt = DemoCacheFixture.start.adding(seconds: 180)

    @Test("New York loses power at minute 3: one incident, dated from the first failed check, opened at the third failed round")
    func powerLossIsDetected() throws {
        let fixture = try DemoCacheFixture(scenario: .primaryPowerLoss, simulatedSeconds: 600)
        let reader = try CacheReader(path: fixture.path)
        let snapshot = try reader.snapshot(limits: .review)
        #expect(snapshot.openIncidents.map(\.id) == ["INC-0001"], "only New York is down; London and Singapore are not")
        let review = try #require(try reader.incidentReview("INC-0001", at: fixture.endedAt))
        let incident = review.incident
        #expect(incident.title == "New York primary site down" && incident.siteID == "new-york" && incident.severity == .sev1)
        #expect(incident.impactStartedAt == Self.powerLossAt, "the first failed check is at 180 s (checks every 5 s)")
        // Rounds every 5 s on a grid from the start (the seeds' interval): failed at 180, 185 and 190 s.
        #expect(incident.openedAt == Self.powerLossAt.adding(seconds: 10))
        let texts = review.timeline.map(\.text)
        #expect(texts.contains("3 consecutive failed rounds of critical checks: New York is down"))
        #expect(texts.contains { $0.hasPrefix("Decision: hybrid: Core MCP Server (tier 1) is failing") })
        let plan = try #require(review.plans.first)
        #expect(plan.plan.id == "PLAN-0001" && plan.plan.fromSiteID == "new-york" && plan.plan.toSiteID == "london")
        #expect(plan.plan.proposedAt == incident.openedAt && plan.plan.proposedBy == "agent")
        #expect(plan.steps.map(\.key) == ["confirm-failure", "isolate-new-york", "check-replication-lag", "promote-london",
                                          "redirect-traffic", "update-dns", "verify-health", "notify-stakeholders"])
        #expect(plan.steps.filter(\.changesProduction).allSatisfy { $0.requiresApproval },
                "decided automatically, yet every step that changes production waits for a person (the runbook says so)")
        #expect(plan.steps.first { $0.key == "promote-london" }?.approversRequired == 2)
        #expect(try reader.snapshot().automation?.lastAutomaticPlanID == "PLAN-0001", "the anti-flap window counts from it")
    }

    @Test("nobody takes command: the agent escalates once, 5 minutes after it opened the incident")
    func escalatesWithoutCommander() throws {
        let fixture = try DemoCacheFixture(scenario: .primaryPowerLoss, simulatedSeconds: 900)
        let review = try #require(try CacheReader(path: fixture.path).incidentReview("INC-0001", at: fixture.endedAt))
        let escalations = review.timeline.filter { $0.kind == .escalation && $0.text.hasPrefix("No incident commander") }
        #expect(escalations.count == 1)
        #expect(escalations.first?.at == review.incident.openedAt.adding(seconds: 300))
    }

    @Test("a calm run opens nothing")
    func steadyOpensNothing() throws {
        let fixture = try DemoCacheFixture(scenario: .steady, simulatedSeconds: 600)
        #expect(try fixture.snapshot().openIncidents.isEmpty)
    }
}
