import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

@Suite("Demo run against a real cache")
struct DemoRunTests {
    @Test("at --speed 30 the plan awaits approval within 15 s of wall-clock time")
    func planWithinFifteenSeconds() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 15 * 30)
        let snapshot = try fixture.snapshot()
        #expect(snapshot.sites.count == 3)
        #expect(snapshot.links.count == 12)
        let incident = try #require(snapshot.openIncidents.first)
        let plan = try #require(snapshot.plans(for: incident).first)
        #expect(snapshot.steps(of: plan).filter { $0.state == .awaitingApproval }.count >= 3)
        #expect(FreshnessPolicy().siteHealth("new-york", in: snapshot, wallNow: fixture.endedAt) == .critical)
        #expect(FreshnessPolicy().siteHealth("london", in: snapshot, wallNow: fixture.endedAt) == .ok)
    }

    @Test("the heartbeat carries wall-clock time; the data goes stale 15 s after the writer stops")
    func heartbeatOnWallClock() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 600, speed: 60)
        let heartbeat = try #require(try fixture.snapshot().heartbeat)
        #expect(heartbeat.wallAt == fixture.endedAt)
        #expect(heartbeat.clockSpeed == 60)
        #expect(heartbeat.clockAt == DemoCacheFixture.start.adding(seconds: 600))
        #expect(!heartbeat.isStale(wallNow: fixture.endedAt.adding(seconds: 15)))
        #expect(heartbeat.isStale(wallNow: fixture.endedAt.adding(seconds: 15.1)))
    }

    @Test("step 1 runs on its own and succeeds; nothing that changes production runs")
    func onlyAutomaticStepsRun() throws {
        let snapshot = try DemoCacheFixture(seed: 7, simulatedSeconds: 1200).snapshot()
        let steps = snapshot.steps.sorted { $0.number < $1.number }
        #expect(steps.first?.state == .succeeded)
        #expect(steps.first?.output.contains("15/15 checks failed") == true)
        #expect(steps.filter(\.changesProduction).allSatisfy { $0.state == .awaitingApproval })
    }

    @Test("the same seed writes the same cache, timestamps aside")
    func sameSeedSameCache() throws {
        let a = try DemoCacheFixture(seed: 11, simulatedSeconds: 900).snapshot()
        let b = try DemoCacheFixture(seed: 11, simulatedSeconds: 900).snapshot()
        #expect(a == b)
    }

    @Test("a step of the wall clock moves nothing: the demo stepped +1h and then back writes the same incident, plan, escalations and RTO, and says each step on the timeline")
    func wallClockSteps() throws {
        let plain = try DemoCacheFixture(seed: 7, simulatedSeconds: 1800).snapshot(limits: .review)
        let stepped = try DemoCacheFixture(seed: 7, simulatedSeconds: 1800,
                                           clockSteps: [(afterSeconds: 20, seconds: 3600), (afterSeconds: 40, seconds: -3600)])
            .snapshot(limits: .review)
        let said = stepped.timeline.items.filter { $0.text.hasPrefix("The system clock jumped") }
        #expect(said.map { $0.text.prefix(31) } == ["The system clock jumped +1h at ", "The system clock jumped -1h at "])
        // At 30 simulated seconds per second, on the agent's clock: 600 s and 1200 s in.
        #expect(said.map(\.at) == [DemoCacheFixture.start.adding(seconds: 600), DemoCacheFixture.start.adding(seconds: 1200)])
        #expect(said.allSatisfy { $0.text.contains("no interval, age or RTO elapsed moved") })
        var unsaid = stepped
        unsaid.timeline.items.removeAll { said.contains($0) }
        unsaid.timeline.total -= said.count
        #expect(unsaid.timeline == plain.timeline, "no detection or escalation came of a step")
        #expect(unsaid.openIncidents == plain.openIncidents)
        #expect(unsaid.steps == plain.steps)
        #expect(stepped.heartbeat?.clockAt == plain.heartbeat?.clockAt, "the RTO clock did not move with the wall clock")
    }
}
