import Foundation
import Testing
import WarRoomModel
import WarRoomReports

/// `warroom status` of a cluster's agent: the verdicts with their reasons,
/// who decides, and a loud NO QUORUM when the agent is cut off.
@Suite("warroom status of a cluster's agent")
struct ClusterStatusReportTests {
    static let names = [("new-york", "New York"), ("london", "London"), ("singapore", "Singapore")]

    func snapshot(cutOff: Bool = false, heldSince: EpochMillis = 10_000) -> CacheSnapshot {
        var snapshot = CacheSnapshot(sites: Self.names.map {
            Site(id: $0.0, name: $0.1, location: "", role: .secondary, capacityPercent: 100, loadPercent: 10)
        })
        snapshot.heartbeat = AgentHeartbeat(agentName: "a", processID: 1, wallAt: 10_000, clockAt: 10_000, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: 0)
        let views = ["london", "singapore"].map { observer in
            ReadView(view: ObserverView(observerSiteID: observer, siteID: "new-york", state: .down,
                                        failing: [FailingService(serviceID: "orders", reason: "connection refused")],
                                        failedRounds: 3, observedAt: 9_000, round: 12, version: "0.1.0"), heldSince: heldSince)
        }
        snapshot.cluster = ClusterStatus(cluster: "acme-dr", siteID: "london", sites: Self.names.map(\.0), observers: Self.names.map(\.0), views: views,
                                         revision: 77, readAt: 10_000, cutOffSince: cutOff ? 8_000 : nil,
                                         cutOffReason: cutOff ? "read /warroom/acme-dr/views/: no member answered within 2 s" : nil,
                                         deciderSiteID: "singapore", rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))
        return snapshot
    }

    @Test("verdicts, the decider and the read's revision, in text and in JSON")
    func quorum() throws {
        let report = StatusReport(snapshot: snapshot(), wallNow: 10_000)
        #expect(report.exitCode == 0)
        let text = StatusText(clock: .utc).render(report, cachePath: "/c")
        #expect(text.contains("CLUSTER acme-dr · this agent at London · decider: Singapore · quorum read at revision 77, 1970-01-01 00:00:10 UTC"))
        #expect(text.contains("  New York     DOWN        London and Singapore: New York down for 3 rounds (orders: connection refused); no standby streams from it"))
        #expect(text.contains("  London       ?           every observer outside London is silent"))
        let json = try ReportJSON.text(report)
        #expect(json.contains("\"verdict\" : \"down\""))
        #expect(json.contains("\"decider\" : \"singapore\""))
        #expect(json.contains("\"quorum\" : true"))
        #expect(json.contains("\"live\" : true"))
    }

    @Test("cut off: NO QUORUM before anything else, why, and exit status 2 (the views are frozen)")
    func cutOff() throws {
        let report = StatusReport(snapshot: snapshot(cutOff: true), wallNow: 10_000)
        #expect(report.isStale)
        #expect(report.exitCode == 2)
        let text = StatusText(clock: .utc).render(report, cachePath: "/c")
        let lines = text.split(separator: "\n").map(String.init)
        let loud = try #require(lines.firstIndex { $0.hasPrefix("NO QUORUM: London's agent is cut off from the others since 1970-01-01 00:00:08 UTC; views frozen") })
        #expect(loud < (lines.firstIndex { $0 == "SITES" } ?? 0))
        #expect(lines[loud + 1] == "  why: read /warroom/acme-dr/views/: no member answered within 2 s")
        #expect(try ReportJSON.text(report).contains("\"quorum\" : false"))
    }

    @Test("views whose round stopped moving count as silent: no verdict of down from them")
    func staleViews() throws {
        let report = StatusReport(snapshot: snapshot(heldSince: -10_000), wallNow: 10_000)
        let newYork = try #require(report.cluster?.verdicts.first)
        #expect(newYork.verdict == .unknown)
        #expect(newYork.silent == ["london", "singapore"])
        #expect(report.cluster?.observers.allSatisfy { !$0.live } == true)
    }

    @Test("a standby at London still streaming from New York: UNREACHABLE, not DOWN, with the evidence in words")
    func unreachable() throws {
        var streaming = snapshot()
        streaming.links = [ReplicationLink(id: "orders:new-york>london", dataType: "orders", sourceSiteID: "new-york",
                                           targetSiteID: "london", mode: .async, rpoSeconds: 5, state: .streaming, lagSeconds: 0.8,
                                           observedAt: 9_500, detail: "the standby's WAL receiver is streaming")]
        let report = StatusReport(snapshot: streaming, wallNow: 10_000)
        let newYork = try #require(report.cluster?.verdicts.first)
        #expect(newYork.verdict == .unreachable)
        #expect(newYork.reason.contains("but its primary still serves: the orders standby at London still streams from it (its newest primary heartbeat is 800 ms old; the standby's WAL receiver is streaming); not down"))
        // Streaming, but its heartbeat stopped advancing 40 s ago (a silent connection; the link is silent after 30 s): no evidence.
        streaming.links[0].lagSeconds = 40
        #expect(StatusReport(snapshot: streaming, wallNow: 10_000).cluster?.verdicts.first?.verdict == .down)
        streaming.links[0].lagSeconds = 0.8
        // Measured longer ago than the views count for (15 s): no evidence.
        streaming.links[0].observedAt = -6_000
        #expect(StatusReport(snapshot: streaming, wallNow: 10_000).cluster?.verdicts.first?.verdict == .down)
    }

    @Test("an agent alone has no cluster key")
    func alone() throws {
        var alone = snapshot()
        alone.cluster = nil
        #expect(!(try ReportJSON.text(StatusReport(snapshot: alone, wallNow: 10_000))).contains("\"cluster\""))
    }
}
