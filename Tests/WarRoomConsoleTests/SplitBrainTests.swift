import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

/// Two stores of one data type answering as primaries: said everywhere at
/// once — status text and JSON with exit status 3, the console's banner on
/// every screen, the open incident's timeline — until one stops.
@Suite("Split brain is the loudest state")
struct SplitBrainTests {
    static func brain(at instant: EpochMillis, ended: EpochMillis? = nil) -> SplitBrain {
        SplitBrain(linkID: "orders:new-york>london", dataType: "orders", formerPrimarySiteID: "new-york",
                   promotedSiteID: "london", since: instant, seenAt: instant, formerPrimaryPosition: "0/5000060",
                   promotedPosition: "0/50000D8", formerPrimaryOnlyBytes: 2_202_009, promotedOnlyBytes: 40_960, endedAt: ended)
    }

    @Test("from the cache to status, the console and the timeline, and gone only when it ends")
    func everywhere() throws {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 600)
        let writer = try CacheWriter(path: fixture.path)
        let start = fixture.endedAt
        try writer.apply([.splitBrain(Self.brain(at: start))])
        // Rounds later it still holds, since its first instant.
        try writer.apply([.splitBrain(Self.brain(at: start.adding(seconds: 5)))])
        var snapshot = try fixture.snapshot()
        #expect(snapshot.splitBrains.map(\.since) == [start])

        let report = StatusReport(snapshot: snapshot, wallNow: start.adding(seconds: 6))
        #expect(report.exitCode == 3)
        let text = StatusText(clock: .utc).render(report, cachePath: "/c").split(separator: "\n").map(String.init)
        #expect(text[1].hasPrefix("SPLIT BRAIN: orders answers as primary at New York (0/5000060) and London (0/50000D8) since "))
        #expect(text[1].hasSuffix("New York holds 2.1 MiB London lacks, London holds 40.0 KiB New York lacks"))
        let json = try ReportJSON.text(report)
        #expect(json.contains(#""formerPrimary" : "new-york""#) && json.contains(#""promoted" : "london""#))
        #expect(json.contains(#""formerPrimaryOnlyBytes" : 2202009"#))

        let reader = try CacheReader(path: fixture.path)
        var limits = SnapshotLimits.console
        limits.timeline = ListWindow(limit: 100, newestFirst: true)
        snapshot = try reader.snapshot(limits: limits)
        #expect(snapshot.timeline.items.filter { $0.text.hasPrefix("SPLIT BRAIN: orders") }.count == 1,
                "the timeline says it once, when it begins")
        let context = ConsoleContext(snapshot: snapshot, wallNow: start.adding(seconds: 6), clock: .utc, glyphs: .ascii,
                                     operatorName: "ic-alice")
        for screen in ScreenID.allCases {
            var state = UIState()
            state.screen = screen
            let frame = ConsoleView.render(context, state: state, width: 120, height: 30).text
            #expect(frame.contains("SPLIT BRAIN: orders answers as primary at New York"), "\(screen)")
        }

        try writer.apply([.splitBrain(Self.brain(at: start, ended: start.adding(seconds: 9)))])
        let after = try fixture.snapshot()
        #expect(after.splitBrains.isEmpty)
        #expect(StatusReport(snapshot: after, wallNow: start.adding(seconds: 10)).exitCode == 0)
        #expect(!(try ReportJSON.text(StatusReport(snapshot: after, wallNow: start))).contains("splitBrain"))
    }
}
