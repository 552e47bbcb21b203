import Foundation
import Testing
import WarRoomModel
import WarRoomProbes
import WarRoomStore
import WarRoomTestSupport

/// The drills that need the simulated world to answer the plan: a restore
/// mends the corrupted data, a fence stops the writes a failback could lose.
@Suite("Demo drills: data corruption and failback")
struct DrillScenarioTests {
    static let later = DemoCacheFixture.start + 3_600_000

    @Test("data corruption: the restore mends New York, the writes from the bad one to the freeze are what was lost")
    func dataCorruption() throws {
        let fixture = try DrillFixture(scenario: .dataCorruption)
        let reader = try CacheReader(path: fixture.path)
        let review = try #require(try reader.incidentReview("INC-0001", at: Self.later))
        let result = try #require(fixture.result, "the drill finished once its plan ended")
        let plan = try #require(review.plans.first)
        #expect(plan.plan.fromSiteID == "new-york" && plan.plan.toSiteID == "new-york", "a restore in place")
        #expect(plan.steps.allSatisfy { $0.state == .succeeded }, "\(plan.steps.map { "\($0.number) \($0.state)" })")
        #expect(review.incident.serviceID == "registry" && review.incident.siteID == nil)
        #expect(try reader.snapshot().openIncidents.filter { !$0.title.contains("corrupted") }.isEmpty,
                "a corruption is no site down: the agent's detection opens nothing of its own")
        // The bad write lands 60 s in; the on-call declares 20 s after the integrity page.
        let corruptedAt = DemoCacheFixture.start.adding(seconds: 60)
        #expect(review.incident.impactStartedAt == corruptedAt)
        #expect(review.incident.openedAt == corruptedAt.adding(seconds: 20))
        // Only the registry was hurt: its RTO counts from detection to New York's first clean check after the plan.
        let lastEnd = try #require(plan.steps.compactMap(\.endedAt).max())
        let registry = try #require(result.services.first)
        #expect(result.services.map(\.serviceID) == ["registry"] && registry.siteID == "new-york")
        #expect(try #require(registry.restoredAt) >= lastEnd && registry.metRTO)
        // What was lost: from the bad write to the freeze's end, against the registry's 5 s RPO.
        let frozenAt = try #require(plan.steps.first { $0.key == "freeze-writes" }?.endedAt)
        let restoredAt = try #require(plan.steps.first { $0.key == "restore-registry" }?.endedAt)
        let point = try #require(result.dataTypes.first)
        #expect(result.dataTypes.count == 1 && point.dataType == "registry" && point.siteID == "new-york")
        #expect(point.promotedAt == restoredAt)
        #expect(point.dataAtRiskSeconds == frozenAt.seconds(since: corruptedAt) && point.rpoSeconds == 5 && !point.metRPO)
        #expect(!result.succeeded, "the freeze came 2 minutes after the bad write: over the RPO")
        #expect(review.timeline.contains { $0.text.contains("restored to the last clean write") })
        #expect(review.timeline.contains { $0.text.contains("the corruption has replicated") })
        // Every site's integrity check passes again once the standbys are re-seeded.
        let snapshot = try reader.snapshot()
        let registryChecks = snapshot.healthChecks.filter { $0.serviceID == "registry" }
        #expect(registryChecks.count == 3 && registryChecks.allSatisfy { $0.state == .ok || $0.state == .warning && $0.detail.isEmpty },
                "\(registryChecks.map { "\($0.siteID) \($0.state)" })")
    }

    @Test("a dry-run restore restores nothing: the registry stays corrupt and the drill fails")
    func dryRunCorruption() throws {
        let fixture = try DrillFixture(scenario: .dataCorruption, dryRun: true)
        let result = try #require(fixture.result)
        #expect(result.steps.allSatisfy { $0.dryRun })
        #expect(result.services.map(\.serviceID) == ["registry"] && result.services.allSatisfy { $0.restoredAt == nil })
        #expect(result.dataTypes.isEmpty, "nothing was restored, so no recovery point")
        #expect(!result.succeeded)
        let checks = try CacheReader(path: fixture.path).snapshot().healthChecks
        // Still answering, still wrong: degraded (a corrupt copy is not a site down), never ok.
        let registry = try #require(checks.first { $0.siteID == "new-york" && $0.serviceID == "registry" })
        #expect(registry.state == .warning && registry.detail.hasPrefix("integrity check failed"))
    }

    @Test("failback: London fenced first, so New York's promotion loses nothing; New York is the primary again")
    func failback() throws {
        let fixture = try DrillFixture(scenario: .failback)
        let result = try #require(fixture.result)
        let reader = try CacheReader(path: fixture.path)
        let review = try #require(try reader.incidentReview("INC-0001", at: Self.later))
        let plan = try #require(review.plans.first)
        #expect(plan.plan.fromSiteID == "london" && plan.plan.toSiteID == "new-york")
        #expect(review.incident.severity == .sev3 && review.incident.siteID == "london")
        #expect(review.incident.openedAt == DemoCacheFixture.start.adding(seconds: 60))
        let lastEnd = try #require(plan.steps.compactMap(\.endedAt).max())
        #expect(result.failoverSeconds == lastEnd.seconds(since: review.incident.openedAt))
        #expect(result.services.count == 5 && result.services.allSatisfy { $0.siteID == "new-york" && $0.metRTO })
        let promotion = try #require(plan.steps.first { $0.key == "promote-new-york" }?.endedAt)
        #expect(result.dataTypes.count == 6 && result.dataTypes.allSatisfy {
            $0.promotedAt == promotion && $0.siteID == "new-york" && $0.dataAtRiskSeconds == 0
        }, "\(result.dataTypes.map { "\($0.dataType) \($0.dataAtRiskSeconds ?? -1)" })")
        #expect(result.succeeded)
        let sites = try reader.snapshot().sites
        #expect(sites.first { $0.id == "new-york" }?.role == .primary)
        #expect(sites.first { $0.id == "london" }?.role == .secondary)
    }
}
