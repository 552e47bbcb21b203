import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

/// Whether each configured failover could go ahead now, known in calm
/// weather: from the cache to `status`, `plans --readiness`'s lines, the
/// Failover screen without a plan and a warning on the Overview.
@Suite("Failover readiness")
struct ReadinessTests {
    static let newYorkToLondon = ConfiguredFailover(fromSiteID: "new-york", toSiteID: "london", runbookName: "Site failover",
                                                    runbookHash: "abc123", approversRequired: 2, approversOnRecord: 3)

    /// The demo at two simulated minutes (calm), with `failovers` written as an agent writes them.
    static func snapshot(_ failovers: [ConfiguredFailover]) throws -> (CacheSnapshot, EpochMillis) {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 120)
        let writer = try CacheWriter(path: fixture.path)
        try writer.apply([.failovers(failovers)])
        try writer.close()
        return (try fixture.snapshot(), fixture.endedAt.adding(seconds: 1))
    }

    @Test("calm weather: ready, with the load London would take and each data type's data at risk against its RPO")
    func ready() throws {
        let (snapshot, now) = try Self.snapshot([Self.newYorkToLondon])
        #expect(snapshot.failovers == [Self.newYorkToLondon], "read back as written")
        let report = StatusReport(snapshot: snapshot, wallNow: now)
        let line = try #require(report.readiness.first)
        #expect(line.ready, "\(line.failures)")
        #expect(line.summary.range(of: #"^if New York failed now: London would take \d+ % load of 80 %, "#, options: .regularExpression) != nil, "\(line.summary)")
        #expect(line.summary.contains("session-state ") && line.summary.contains(" at risk (RPO 5 s)"))
        #expect(line.summary.hasSuffix("; the runbook validates; approvers: 2 needed, 3 on record"))
        let text = StatusText(clock: .utc).render(report, cachePath: "/c")
        #expect(text.contains("FAILOVER READINESS\n  ready     if New York failed now:"))
        #expect(try ReportJSON.text(report).contains(#""ready" : true"#))
    }

    @Test("too few approvers on record, a runbook that does not validate, a stale agent: not ready, each said")
    func notReady() throws {
        var failover = Self.newYorkToLondon
        failover.approversOnRecord = 1
        failover.runbookProblem = "steps[2].command: /usr/local/sbin/dr-promote does not exist"
        let (snapshot, now) = try Self.snapshot([failover])
        let line = try #require(StatusReport(snapshot: snapshot, wallNow: now).readiness.first)
        #expect(!line.ready)
        #expect(line.failures.contains("a step needs 2 approvers; the policy names 1 on this host"))
        #expect(line.failures.contains("the runbook Site failover does not validate: steps[2].command: /usr/local/sbin/dr-promote does not exist"))
        let stale = try #require(StatusReport(snapshot: snapshot, wallNow: now.adding(seconds: 60)).readiness.first)
        #expect(stale.failures.contains("the agent is not reporting: nothing can be checked"))
    }

    @Test("the Failover screen without a plan shows readiness; the Overview warns when one is not ready and no incident is open")
    func console() throws {
        var failover = Self.newYorkToLondon
        failover.approversOnRecord = 0
        let (snapshot, now) = try Self.snapshot([failover])
        let context = ConsoleContext(snapshot: snapshot, wallNow: now, clock: .utc, glyphs: .ascii, operatorName: "ic-alice")
        var state = UIState()
        state.screen = .failover
        let failoverScreen = ConsoleView.render(context, state: state, width: 100, height: 30).text
        #expect(failoverScreen.contains("Readiness (if a site failed now):"))
        #expect(failoverScreen.range(of: #"NOT READY if New York failed now: London would take \d+ % load of 80 %"#, options: .regularExpression) != nil)
        #expect(failoverScreen.contains("fails: a step needs 2 approvers; the policy names 0 on this host"))
        let overview = ConsoleView.render(context, state: UIState(), width: 160, height: 48).text
        #expect(overview.contains("failover New York -> London NOT READY: a step needs 2"), "\(overview)")
    }
}
