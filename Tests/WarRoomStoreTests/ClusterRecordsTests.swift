import Testing
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// The cluster as the agent read it, kept in the cache for its consoles and `status`.
@Suite("The cluster in the cache")
struct ClusterRecordsTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }
    let rule = VerdictRule(failedRounds: 3, quorum: 2, staleAfterSeconds: 15)

    func view(_ observer: String, _ site: String, _ state: ObservedState, rounds: Int = 0, heldSince: EpochMillis = 1000) -> ReadView {
        let failing = state == .down
            ? [FailingService(serviceID: "web", reason: "connect: refused \"x\"\n"), FailingService(serviceID: "db", reason: "timeout")] : []
        return ReadView(view: ObserverView(observerSiteID: observer, siteID: site, state: state, failing: failing,
                                           failedRounds: rounds, observedAt: 900, round: 42, version: "0.1.0"),
                        heldSince: heldSince)
    }

    var status: ClusterStatus {
        ClusterStatus(cluster: "acme-dr", siteID: "london", sites: ["new-york", "london", "singapore"], observers: ["new-york", "london", "singapore"],
                      views: [view("london", "new-york", .down, rounds: 3), view("singapore", "new-york", .down, rounds: 4),
                              view("new-york", "london", .up)],
                      revision: 1234, readAt: 1000, deciderSiteID: "singapore", rule: rule)
    }

    @Test("a read with quorum reads back whole: state, rule and every view with its failing checks")
    func roundTrip() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.cluster(status)])
        let read = try #require(try CacheReader(path: path).snapshot(limits: .status).cluster)
        #expect(read == ClusterStatus(cluster: "acme-dr", siteID: "london", sites: ["new-york", "london", "singapore"], observers: ["new-york", "london", "singapore"],
                                      views: status.views.sorted { ($0.view.siteID, $0.view.observerSiteID) < ($1.view.siteID, $1.view.observerSiteID) }
                                        .map { read in
                                            var sorted = read
                                            sorted.view.failing.sort { $0.serviceID < $1.serviceID }
                                            return sorted
                                        },
                                      revision: 1234, readAt: 1000, deciderSiteID: "singapore", rule: rule))
        #expect(read.hasQuorum)
        #expect(read.verdicts(at: 2000).map(\.kind) == [.down, .up, .unknown])
    }

    @Test("a read without quorum marks the cluster cut off and keeps the views it had, frozen")
    func cutOff() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.cluster(status)])
        var cut = status
        cut.views = []
        cut.cutOffSince = 5000
        cut.cutOffReason = "read /warroom/acme-dr/views/: no member answered within 2 s"
        try writer.apply([.cluster(cut)])
        let read = try #require(try CacheReader(path: path).snapshot().cluster)
        #expect(!read.hasQuorum)
        #expect(read.cutOffSince == 5000)
        #expect(read.cutOffReason == cut.cutOffReason)
        #expect(read.views.count == 3)
        #expect(read.revision == 1234)
    }

    @Test("an agent alone has no cluster")
    func alone() throws {
        _ = try CacheWriter(path: path)
        #expect(try CacheReader(path: path).snapshot().cluster == nil)
    }
}
