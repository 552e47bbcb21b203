import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

/// Who else is at the plan: the consoles the agents hear from, shown in the
/// header, next to a step, in its dialog and in `status`. Information, never a lock.
@Suite("Who else is at the plan")
struct PresenceTests {
    let dir = TemporaryDirectory()

    /// The demo's incident with ana at London confirming step 4 and bob at Singapore on the Overview.
    func context(seenAgo seconds: Double = 1) throws -> ConsoleContext {
        var context = try ConsoleScreenTests.context(.incident)
        let seen = context.wallNow.adding(seconds: -seconds)
        context.consoleID = "here:1"
        context.snapshot?.consoles = [
            ConsolePresence(consoleID: "a:2", operatorName: "ana", host: "ldn-1", siteID: "london", screen: "Failover",
                            confirming: ConfirmingStep(planID: "PLAN-0001", stepNumber: 4, decision: .approved), seenAt: seen),
            ConsolePresence(consoleID: "b:3", operatorName: "bob", host: "sg-1", siteID: nil, screen: "Overview", confirming: nil,
                            seenAt: seen),
            ConsolePresence(consoleID: "here:1", operatorName: "ic-alice", host: "here", siteID: nil, screen: "Failover",
                            confirming: nil, seenAt: seen),
        ]
        return context
    }

    var onFailover: UIState {
        var state = UIState()
        state.screen = .failover
        return state
    }

    @Test("the header counts the others; the Failover screen says who is confirming which step; the dialog says it on top")
    func shown() throws {
        let context = try context()
        let failover = ConsoleView.render(context, state: onFailover, width: 120, height: 40).text
        #expect(failover.split(separator: "\n").first?.contains("2 others watching") == true)
        let row = try #require(failover.split(separator: "\n").first { $0.contains("ana (London) is confirming") })
        #expect(row.contains("4 "), "next to step 4: \(row)")
        var state = onFailover
        state.dialog = .decision(DecisionDialog(planID: "PLAN-0001", stepNumber: 4, decision: .approved))
        let dialog = ConsoleView.render(context, state: state, width: 120, height: 40).text
        #expect(dialog.contains("ana (London) is confirming this step too"))
        // Another step's dialog says nothing of ana.
        state.dialog = .decision(DecisionDialog(planID: "PLAN-0001", stepNumber: 5, decision: .approved))
        #expect(!ConsoleView.render(context, state: state, width: 120, height: 40).text.contains("is confirming this step"))
    }

    @Test("a console not heard from for longer than it reports is gone; nobody else watching says nothing")
    func stale() throws {
        let gone = ConsoleView.render(try context(seenAgo: ConsolePresence.freshSeconds + 1), state: onFailover, width: 120, height: 40).text
        #expect(!gone.contains("watching") && !gone.contains("is confirming"))
    }

    @Test("status lists the consoles heard from lately, in text and JSON")
    func status() throws {
        let context = try context()
        let snapshot = try #require(context.snapshot)
        let report = StatusReport(snapshot: snapshot, wallNow: context.wallNow)
        #expect(report.consoles?.map(\.user) == ["bob", "ic-alice", "ana"])
        #expect(report.consoles?.last?.confirming == "PLAN-0001/4")
        let text = StatusText(clock: .utc).render(report, cachePath: "x")
        #expect(text.contains("  ana on ldn-1 (London): Failover, confirming PLAN-0001/4"))
        let json = try ReportJSON.text(report)
        #expect(json.contains("\"confirming\" : \"PLAN-0001\\/4\"") || json.contains("\"confirming\" : \"PLAN-0001/4\""))
    }

    @Test("a console's reports are kept, replaced, forgotten when it leaves; other sites' replaced whole by each cluster read")
    func kept() throws {
        let writer = try CacheWriter(path: dir.file("c.sqlite"))
        let ana = OperatorIdentity(name: "ana")
        try writer.recordPresence(ConsoleReport(consoleID: "h:1", host: "h", screen: "Overview"), by: ana, at: 1000)
        try writer.recordPresence(ConsoleReport(consoleID: "h:1", host: "h", screen: "Failover",
                                                confirming: ConfirmingStep(planID: "PLAN-0001", stepNumber: 2, decision: .approved)),
                                  by: ana, at: 2000)
        var consoles = try writer.snapshot().consoles
        #expect(consoles.map { "\($0.operatorName) \($0.screen) \($0.confirming?.stepNumber ?? 0) \($0.seenAt)" } == ["ana Failover 2 2000"])
        let remote = ConsolePresence(consoleID: "s:9", operatorName: "bob", host: "s", siteID: "singapore", screen: "Overview",
                                     confirming: nil, seenAt: 1500)
        try writer.apply([.consoles([remote], siteID: "london")])
        try writer.apply([.consoles([remote], siteID: "london")])
        #expect(try writer.snapshot().consoles.count == 2)
        try writer.apply([.consoles([], siteID: "london")])
        try writer.recordPresence(ConsoleReport(consoleID: "h:1", host: "h", screen: "Failover", leaving: true), by: ana, at: 3000)
        consoles = try writer.snapshot().consoles
        #expect(consoles.isEmpty)
    }
}
