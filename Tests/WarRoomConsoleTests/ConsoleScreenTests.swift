import Foundation
import Testing
import WarRoomAgent
import WarRoomConsole
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// Golden text of every screen for the demo scenario at fixed simulated times,
/// at 80x24 and 160x48.
@Suite("Console screens")
struct ConsoleScreenTests {
    enum Moment: String, CaseIterable {
        case normal, incident, stale
    }

    static let sizes = [(80, 24), (160, 48)]

    static func context(_ moment: Moment, glyphs: Glyphs = .unicode) throws -> ConsoleContext {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: moment == .normal ? 120 : 600)
        let reader = try CacheReader(path: fixture.path)
        // The windows the runtime reads for the Alerts and Incident screens with the cursor on top.
        var limits = SnapshotLimits.console
        limits.alertQueue = ListWindow(limit: 100)
        limits.timeline = ListWindow(limit: 100, newestFirst: true)
        var snapshot = try reader.snapshot(limits: limits)
        // Every sparkline, whatever the screen: the goldens draw them all.
        let history = try reader.history(links: Set(snapshot.links.map(\.id)), sites: Set(snapshot.sites.map(\.id)), limit: 120)
        snapshot.linkHistory = history.links
        snapshot.latencyHistory = history.latency
        let age = moment == .stale ? 47.0 : 1.0
        return ConsoleContext(snapshot: snapshot, wallNow: fixture.endedAt.adding(seconds: age), clock: .utc,
                              glyphs: glyphs, operatorName: "ic-alice")
    }

    @Test("every screen at every size and moment", arguments: Moment.allCases)
    func screens(moment: Moment) throws {
        let context = try Self.context(moment)
        for (width, height) in Self.sizes {
            // Only the screens this cache has something for (no Observers: the demo's agent works alone).
            for screen in ScreenID.allCases where screen != .observers || context.snapshot?.cluster != nil {
                var state = UIState()
                state.screen = screen
                let frame = ConsoleView.render(context, state: state, width: width, height: height)
                try GoldenFile.expect("console-\(moment.rawValue)-\(screen.title.lowercased())-\(width)x\(height).txt",
                                      frame.text + "\n")
            }
        }
    }

    @Test("below 80x24 the console says so instead of drawing")
    func tooSmall() throws {
        let frame = ConsoleView.render(try Self.context(.incident), state: UIState(), width: 60, height: 20)
        try GoldenFile.expect("console-too-small-60x20.txt", frame.text + "\n")
        #expect(frame.text.contains("terminal too small: 60x20, need 80x24"))
    }

    @Test("the ASCII fallback draws every screen in 7-bit characters")
    func ascii() throws {
        let context = try Self.context(.incident, glyphs: .ascii)
        for screen in ScreenID.allCases {
            var state = UIState()
            state.screen = screen
            let text = ConsoleView.render(context, state: state, width: 80, height: 24).text
            #expect(text.unicodeScalars.allSatisfy { $0.value < 128 }, "\(screen.title) has non-ASCII")
            if screen == .overview { try GoldenFile.expect("console-ascii-overview-80x24.txt", text + "\n") }
        }
    }

    @Test("read-only, kiosk and help: the header says READ-ONLY, kiosk drops the key hints")
    func modes() throws {
        let context = try Self.context(.incident)
        var state = UIState(readOnly: true, kiosk: true)
        let kiosk = ConsoleView.render(context, state: state, width: 160, height: 48)
        #expect(kiosk.text.contains("READ-ONLY"))
        #expect(!kiosk.text.contains("q quit"))
        state.kiosk = false
        state.showHelp = true
        let help = ConsoleView.render(context, state: state, width: 80, height: 24)
        try GoldenFile.expect("console-help-read-only-80x24.txt", help.text + "\n")
        for binding in KeyMap.standard.bindings(on: .overview, readOnly: true) where binding.action != .show(.observers) {
            #expect(help.text.contains(binding.help), "help lacks \(binding.help)")
        }
    }

    @Test("with no heartbeat yet the console says the agent was never seen")
    func neverSeen() {
        let context = ConsoleContext(snapshot: CacheSnapshot(), wallNow: 0, clock: .utc, glyphs: .unicode, operatorName: "x")
        let text = ConsoleView.render(context, state: UIState(), width: 80, height: 24).text
        #expect(text.contains("STALE — no agent has written to this cache yet"))
    }

    @Test("the approval dialog at 80x24: facts, who may decide, what confirms")
    func approvalDialog() throws {
        var context = try Self.context(.incident)
        context.operatorName = "mallory"
        var state = UIState()
        state.screen = .failover
        state.dialog = .decision(DecisionDialog(planID: "PLAN-0001", stepNumber: 4, decision: .approved))
        let text = ConsoleView.render(context, state: state, width: 80, height: 24).text
        try GoldenFile.expect("console-approve-dialog-80x24.txt", text + "\n")
        // After the primary's power loss the data at risk stops growing: the pre-flight
        // holds, and the primary's silence is a warning beside it, not a failure.
        #expect(text.contains("pre-flight holds"))
        #expect(text.contains("WARNING: New York silent for 7m35s"))
        #expect(text.contains("type london and Enter"))
        #expect(text.contains("you cannot decide: mallory may not approve"))
    }

    @Test("a cluster's agent cut off: the approval dialog says so first, before anything is typed, even to an approver")
    func approvalDialogCutOff() throws {
        var context = try Self.context(.incident)
        context.snapshot?.cluster = ClusterStatus(cluster: "dr", siteID: "london", sites: ["new-york", "london"],
                                                  observers: ["new-york", "london"], revision: 7, readAt: 0,
                                                  cutOffSince: 0, deciderSiteID: "london",
                                                  rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))
        var state = UIState()
        state.screen = .failover
        state.dialog = .decision(DecisionDialog(planID: "PLAN-0001", stepNumber: 4, decision: .approved))
        let text = ConsoleView.render(context, state: state, width: 120, height: 40).text
        // Wrapped, whole: first in the dialog, above the facts.
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.contains("you cannot decide: this site's agent is cut off from the cluster since") })
        #expect(lines[first + 1].contains("1970-01-01 00:00:00 UTC: an approval here could not be seen by the others;"))
        #expect(lines[first + 2].contains("approve at a site that has quorum"))
        #expect(lines[first + 3].contains("step 4 of PLAN-0001"))
    }
}

extension ConsoleScreenTests {
    @Test("the approval dialog at 80x24 scrolls its facts with a marker; the confirmation stays on screen")
    func dialogScrolls() throws {
        var context = try Self.context(.incident)
        var snapshot = try #require(context.snapshot)
        // A fleet-sized site pair: more data types than the dialog has rows.
        let base = try #require(snapshot.links.first { $0.targetSiteID == "london" })
        snapshot.links += (1...6).map { index in
            var link = base
            link.id = "extra-\(index)"
            link.dataType = "zz-extra-\(index)"
            return link
        }
        context.snapshot = snapshot
        let step = try #require(snapshot.steps.first { $0.state == .awaitingApproval && $0.changesProduction })
        var state = UIState()
        state.screen = .failover
        var dialog = DecisionDialog(planID: step.planID, stepNumber: step.number, decision: .approved)
        state.dialog = .decision(dialog)
        let top = ConsoleView.render(context, state: state, width: 80, height: 24).text
        try GoldenFile.expect("console-dialog-scroll-top-80x24.txt", top + "\n")
        #expect(top.contains("more below") && !top.contains("more above") && !top.contains("zz-extra-6"))
        #expect(top.contains("confirm: _") && top.contains("type london and Enter to approve"))
        dialog.scroll = 100
        state.dialog = .decision(dialog)
        let bottom = ConsoleView.render(context, state: state, width: 80, height: 24).text
        try GoldenFile.expect("console-dialog-scroll-bottom-80x24.txt", bottom + "\n")
        #expect(bottom.contains("more above") && !bottom.contains("more below") && bottom.contains("zz-extra-6"))
        #expect(bottom.contains("confirm: _"), "the typed confirmation stays on screen")
    }
}
