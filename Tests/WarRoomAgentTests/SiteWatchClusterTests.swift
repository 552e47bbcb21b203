import Testing
@testable import WarRoomAgent
import WarRoomCluster
import WarRoomModel

/// A site watch in a cluster: its own rounds only observe; the decider opens
/// one incident when the observers' verdict is down.
@Suite("The site watch of a cluster's agent")
struct SiteWatchClusterTests {
    static func config(site: String = "standby") throws -> AgentConfig {
        var config = try SiteWatchTests.config(mode: .manual)
        config.site = site
        config.cluster = ClusterSettings(name: "dr", endpoints: ["http://127.0.0.1:2379"], leaseSeconds: 15)
        return config
    }

    /// The cluster as read at `now`: Standby's view of Main down for `rounds`, Main's of Standby up.
    func cluster(deciding decider: String = "standby", mainDownFor rounds: Int, state: ObservedState = .down,
                 at now: EpochMillis) -> AgentEvent {
        let main = ObserverView(observerSiteID: "standby", siteID: "main", state: rounds > 0 ? state : .up,
                                failing: rounds > 0 ? [FailingService(serviceID: "api", reason: "connection refused")] : [],
                                failedRounds: rounds, observedAt: now, round: 1, version: "t")
        let standby = ObserverView(observerSiteID: "main", siteID: "standby", state: .up, observedAt: now, round: 1, version: "t")
        return .cluster(ClusterStatus(cluster: "dr", siteID: "standby", sites: ["main", "standby"], observers: ["main", "standby"],
                                      views: [ReadView(view: main, heldSince: now), ReadView(view: standby, heldSince: now)],
                                      revision: 9, readAt: now, deciderSiteID: decider,
                                      rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15)))
    }

    @Test("its own failed rounds become its views of each site, and open nothing")
    func observesOnly() throws {
        var watch = SiteWatch(config: try Self.config(), version: "0.1.0")
        let written = SiteWatchTests.run(&watch, [.ok, .critical, .critical, .critical, .critical])
        #expect(written.isEmpty)
        let main = try #require(watch.views.first { $0.siteID == "main" })
        #expect(main.observerSiteID == "standby")
        #expect(main.state == .down)
        #expect(main.failedRounds == 4)
        #expect(main.failing == [FailingService(serviceID: "api", reason: "connection refused")])
        #expect(main.version == "0.1.0")
        #expect(watch.views.first { $0.siteID == "standby" }?.state == .up)
    }

    @Test("the decider opens one incident and one plan for a verdict of down, however many reads repeat it")
    func deciderOpensOnce() throws {
        var watch = SiteWatch(config: try Self.config())
        var written = watch.respond(to: [cluster(mainDownFor: 2, at: 0)], at: 0) { nil }
        #expect(written.decisions.isEmpty)
        written = watch.respond(to: [cluster(mainDownFor: 3, at: 5000)], at: 5000) { nil }
        written += watch.respond(to: [cluster(mainDownFor: 4, at: 10_000)], at: 10_000) { nil }
        let incidents = written.compactMap { if case .incident(let incident) = $0 { incident } else { nil } }
        #expect(incidents.map(\.id) == ["INC-0001"])
        #expect(incidents.first?.impactStartedAt == 5000 - 10_000)
        #expect(written.filter { if case .plan = $0 { true } else { false } }.count == 1)
        #expect(written.contains { if case .timeline(let line) = $0 { line.text.hasPrefix("Observers agree: Standby: Main down for 3 rounds") } else { false } })
    }

    @Test("coming to decide it takes over what it mirrored, once, and goes on from the mirrored incident: never a second one")
    func takesOver() throws {
        var watch = SiteWatch(config: try Self.config())
        let mirrored = SharedIncident(
            incident: Incident(id: "INC-0007", title: "Main primary site down", severity: .sev1, status: .investigating,
                               commander: nil, serviceID: "api", impactStartedAt: 0, openedAt: 0, siteID: "main"),
            timeline: [], plans: [], keptAt: "main")
        // The cache holds a mirrored incident only once the events that carry it are written.
        let following = watch.respond(to: [.sharedIncidents([mirrored], siteID: "standby"),
                                           cluster(deciding: "main", mainDownFor: 3, at: 0)], at: 0,
                                      incidentIsOpen: { _ in false }) { nil }
        #expect(following.isEmpty)
        let first = watch.respond(to: [cluster(mainDownFor: 4, at: 5000)], at: 5000) { nil }
        #expect(first.count == 1)
        #expect(first.contains { if case .tookOverDecisions("standby", 5000) = $0 { true } else { false } })
        let later = watch.respond(to: [cluster(mainDownFor: 5, at: 10_000)], at: 10_000) { nil }
        #expect(later.isEmpty)
        // Resolved where it was kept: the next outage is a new incident.
        var resolved = mirrored
        resolved.incident.status = .resolved
        let reopened = watch.respond(to: [.sharedIncidents([resolved], siteID: "standby"), cluster(mainDownFor: 6, at: 15_000)],
                                     at: 15_000) { nil }
        #expect(reopened.contains { if case .incident = $0 { true } else { false } })
    }

    @Test("its executor moves steps only while it decides: not before its first read, not cut off; an agent alone always")
    func runsStepsOnlyDeciding() throws {
        var watch = SiteWatch(config: try Self.config())
        #expect(!watch.runsSteps)
        _ = watch.respond(to: [cluster(mainDownFor: 0, at: 0)], at: 0) { nil }
        #expect(watch.runsSteps)
        guard case .cluster(var cut) = cluster(mainDownFor: 0, at: 5000) else { return }
        cut.cutOffSince = 5000
        _ = watch.respond(to: [.cluster(cut)], at: 5000) { nil }
        #expect(!watch.runsSteps, "cut off, another agent may decide once its lease lapses")
        _ = watch.respond(to: [cluster(deciding: "main", mainDownFor: 0, at: 10_000)], at: 10_000) { nil }
        #expect(!watch.runsSteps)
        #expect(SiteWatch(config: try SiteWatchTests.config(mode: .manual)).runsSteps)
    }

    @Test("an agent that does not decide opens nothing, whatever the verdict")
    func notDecider() throws {
        var watch = SiteWatch(config: try Self.config())
        #expect(watch.respond(to: [cluster(deciding: "main", mainDownFor: 5, at: 0)], at: 0) { nil }.isEmpty)
    }

    @Test("an unreachable or suspect site opens nothing; a change of verdict is said once on its open incident")
    func verdictChanges() throws {
        var watch = SiteWatch(config: try Self.config())
        _ = watch.respond(to: [cluster(mainDownFor: 3, at: 0)], at: 0) { nil }
        let same = watch.respond(to: [cluster(mainDownFor: 4, at: 5000)], at: 5000) { nil }
        #expect(same.isEmpty)
        let up = watch.respond(to: [cluster(mainDownFor: 0, at: 10_000)], at: 10_000) { nil }
        #expect(up.count == 1)
        #expect(up.contains { if case .timeline(let line) = $0 { line.text == "Observers: Main up: Standby sees Main up" } else { false } })
        var fresh = SiteWatch(config: try Self.config())
        #expect(fresh.respond(to: [cluster(mainDownFor: 1, at: 0)], at: 0) { nil }.decisions.isEmpty)
    }

    @Test("a standby still streaming from Main vetoes down: unreachable, no incident; once it stops, down and one incident")
    func streamingStandbyVeto() throws {
        var config = try Self.config()
        config.links = [ReplicationLink(id: "orders:main>standby", dataType: "orders", sourceSiteID: "main", targetSiteID: "standby",
                                        mode: .async, rpoSeconds: 5)]
        var watch = SiteWatch(config: config)
        let streaming = AgentEvent.replication(ReplicationObservation(
            linkID: "orders:main>standby", state: .streaming, observedAt: 0,
            detail: "the standby's WAL receiver is streaming; the primary does not answer: connection refused"))
        let vetoed = watch.respond(to: [streaming, cluster(mainDownFor: 3, at: 1000)], at: 1000) { nil }
        #expect(vetoed.decisions.isEmpty)
        // A measurement older than the views' staleness (15 s) is no evidence.
        let stale = watch.respond(to: [cluster(mainDownFor: 6, at: 16_000)], at: 16_000) { nil }
        #expect(stale.contains { if case .incident = $0 { true } else { false } })
        var fresh = SiteWatch(config: config)
        let broken = AgentEvent.replication(ReplicationObservation(linkID: "orders:main>standby", state: .disconnected, observedAt: 1000))
        let opened = fresh.respond(to: [broken, cluster(mainDownFor: 3, at: 1000)], at: 1000) { nil }
        #expect(opened.filter { if case .incident = $0 { true } else { false } }.count == 1)
    }

    @Test("the evidence names the standby, its site and what its probe said")
    func evidenceWords() throws {
        var config = try Self.config()
        config.links = [ReplicationLink(id: "orders:main>standby", dataType: "orders", sourceSiteID: "main", targetSiteID: "standby",
                                        mode: .async, rpoSeconds: 5)]
        var watch = SiteWatch(config: config)
        _ = watch.respond(to: [.replication(ReplicationObservation(linkID: "orders:main>standby", state: .streaming, observedAt: 0,
                                                                  lagSeconds: 2, detail: "link up"))], at: 0) { nil }
        #expect(watch.servingEvidence(at: 5000, freshSeconds: 15, names: ["standby": "Standby"])
            == ["main": ["the orders standby at Standby still streams from it (its newest primary heartbeat is 2 s old; link up)"]])
        #expect(watch.servingEvidence(at: 15_001, freshSeconds: 15, names: [:]).isEmpty)
    }
}

extension [AgentEvent] {
    /// What a read decided: the events without a take-over of decisions (said on every first deciding read).
    var decisions: [AgentEvent] {
        filter { if case .tookOverDecisions = $0 { false } else { true } }
    }
}
