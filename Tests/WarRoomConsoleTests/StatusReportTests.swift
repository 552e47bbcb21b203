import Foundation
import Testing
import WarRoomAgent
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

/// Golden files of `warroom status` for the demo scenario at fixed simulated
/// times. Set WARROOM_UPDATE_GOLDEN=1 to rewrite them after a deliberate change
/// (and read the diff before committing it).
@Suite("warroom status output")
struct StatusReportTests {
    func outputs(_ fixture: DemoCacheFixture, wallNow: EpochMillis) throws -> (text: String, json: String) {
        let report = StatusReport(snapshot: try fixture.snapshot(), wallNow: wallNow)
        let json = try ReportJSON.text(report) + "\n"
        return (StatusText(clock: .utc).render(report, cachePath: "/tmp/warroom/cache.sqlite"), json)
    }

    @Test("normal operation at simulated minute 2")
    func normal() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 120)
        let (text, json) = try outputs(fixture, wallNow: fixture.endedAt.adding(seconds: 2))
        try GoldenFile.expect("status-normal.txt", text)
        try GoldenFile.expect("status-normal.json", json)
        let report = StatusReport(snapshot: try fixture.snapshot(), wallNow: fixture.endedAt)
        #expect(report.sites.allSatisfy { $0.health == .ok })
        #expect(report.incidents.isEmpty)
    }

    @Test("New York down with the incident open at simulated minute 10")
    func incident() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 600)
        let (text, json) = try outputs(fixture, wallNow: fixture.endedAt.adding(seconds: 1))
        try GoldenFile.expect("status-incident.txt", text)
        try GoldenFile.expect("status-incident.json", json)
        let report = StatusReport(snapshot: try fixture.snapshot(), wallNow: fixture.endedAt)
        #expect(report.sites.first { $0.id == "new-york" }?.health == .critical)
        #expect(report.incidents.first?.plans.first?.steps.filter { $0.state == .awaitingApproval }.count == 4)
        #expect(!report.isStale)
    }

    @Test("stale data: nothing green, every RPO unknown, the age said in words")
    func stale() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 600)
        let wallNow = fixture.endedAt.adding(seconds: 47)
        let (text, json) = try outputs(fixture, wallNow: wallNow)
        try GoldenFile.expect("status-stale.txt", text)
        try GoldenFile.expect("status-stale.json", json)
        let report = StatusReport(snapshot: try fixture.snapshot(), wallNow: wallNow)
        #expect(report.isStale)
        #expect(report.sites.allSatisfy { $0.health == .stale })
        #expect(report.replication.allSatisfy { $0.rpoStatus == .unknown })
        #expect(text.contains("STALE — agent last seen 47 s ago"))
    }

    @Test("a link that is not streaming says why under its line, in its probe's words")
    func linkWhy() throws {
        var snapshot = CacheSnapshot(
            sites: [Site(id: "ny", name: "New York", location: "NY4", role: .primary, capacityPercent: 100, loadPercent: 50),
                    Site(id: "ld", name: "London", location: "LD4", role: .secondary, capacityPercent: 80, loadPercent: 20)],
            links: [ReplicationLink(id: "orders:ny>ld", dataType: "orders", sourceSiteID: "ny", targetSiteID: "ld", mode: .async,
                                    rpoSeconds: 5, state: .unknown, observedAt: 1_000,
                                    detail: "the standby 127.0.0.1:5433 does not answer within 1.5 s"),
                    ReplicationLink(id: "sessions:ny>ld", dataType: "sessions", sourceSiteID: "ny", targetSiteID: "ld", mode: .async,
                                    rpoSeconds: 5, state: .streaming, observedAt: 1_000, detail: "streaming; behind: 0 B")])
        snapshot.heartbeat = AgentHeartbeat(agentName: "a", processID: 1, wallAt: 1_000, clockAt: 1_000, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: 0)
        let text = StatusText(clock: .utc).render(StatusReport(snapshot: snapshot, wallNow: 1_000), cachePath: "/c")
        #expect(text.contains("\n      why: the standby 127.0.0.1:5433 does not answer within 1.5 s\n"))
        #expect(!text.contains("why: streaming"), "a streaming link needs no why")
    }

    @Test("a cache no agent ever wrote to is stale, with no heartbeat age")
    func neverWritten() throws {
        let report = StatusReport(snapshot: CacheSnapshot(), wallNow: 0)
        #expect(report.isStale)
        #expect(report.agent.heartbeatAgeSeconds == nil)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"heartbeatAgeSeconds\":null"))
    }

    @Test("unknown lag is null in JSON and ? in text, never 0")
    func unknownLag() throws {
        let link = ReplicationLink(id: "l", dataType: "registry", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5)
        let heartbeat = AgentHeartbeat(agentName: "agent", processID: 1, wallAt: 0, clockAt: 0, clockSpeed: 1,
                                       intervalSeconds: 5, startedAt: 0)
        let report = StatusReport(snapshot: CacheSnapshot(links: [link], heartbeat: heartbeat), wallNow: 0)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"lagSeconds\":null"))
        #expect(json.contains("\"lagBytes\":null"))
        #expect(json.contains("\"rpoStatus\":\"unknown\""))
        let line = try #require(StatusText(clock: .utc).render(report, cachePath: "c").split(separator: "\n")
            .first { $0.contains("registry") })
        #expect(line.contains("?"))
        #expect(!line.contains(" 0 s"))
    }

    @Test("hostile names and summaries reach the text escaped")
    func hostileText() {
        let site = Site(id: "evil", name: "Evil\u{1B}]0;owned\u{07}", location: "", role: .tertiary,
                        capacityPercent: 50, loadPercent: 1)
        let alert = Alert(fingerprint: "f", name: "X\u{1B}[2J", severity: .critical, state: .firing, siteID: "evil",
                          serviceID: nil, summary: "boom\u{1B}[31m\nrm -rf", startsAt: 0)
        let report = StatusReport(snapshot: CacheSnapshot(sites: [site], firingCounts: [.critical: 1],
                                                          topAlerts: [alert]), wallNow: 0)
        let text = StatusText(clock: .utc).render(report, cachePath: "/tmp/\u{1B}[2Jcache")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("Evil\\e]0;"))
        #expect(text.contains("boom\\e[31m\\nrm"))
    }
}
