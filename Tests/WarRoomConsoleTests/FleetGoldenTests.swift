import Foundation
import Testing
import WarRoomConsole
import FleetFixture
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// Golden screens on the benchmark's fleet: 100 sites, 1,012 links, 10,000
/// alerts (a shorter timeline: no golden shows it), read as the runtime
/// reads them — the window of the list on view, the sparklines it draws.
@Suite("Fleet screens, golden")
struct FleetGoldenTests {
    static let fleet = FleetCache(sites: 100, alerts: 10_000, events: 2_000)
    static let directory = TemporaryDirectory()
    static let cache: Result<String, any Error> = Result {
        let path = directory.file("fleet.sqlite")
        try fleet.write(to: path)
        return path
    }

    static func frame(_ screen: ScreenID, width: Int, height: Int, filter: String? = nil, cursor: Int = 0) throws -> String {
        let reader = try CacheReader(path: try cache.get())
        var state = UIState()
        state.screen = screen
        state.filter[screen] = filter
        state.selection[screen] = cursor
        var limits = SnapshotLimits.console
        let lists = ListNeeds.of(state, height: height)
        (limits.alertQueue, limits.timeline) = (lists.alerts, lists.timeline)
        var context = ConsoleContext(snapshot: try reader.snapshot(limits: limits), wallNow: fleet.now + 1_000, clock: .utc,
                                     glyphs: .unicode, operatorName: "noc")
        let needs = SparklineNeeds.of(context, state: state, width: width, height: height)
        context.attach(try reader.history(links: needs.links, sites: needs.sites, limit: needs.samples))
        return ConsoleView.render(context, state: state, width: width, height: height).text
    }

    @Test("the Overview and its service matrix at 80x24 and 250x70", arguments: [(80, 24), (250, 70)])
    func overview(width: Int, height: Int) throws {
        let text = try Self.frame(.overview, width: width, height: height)
        try GoldenFile.expect("fleet-overview-\(width)x\(height).txt", text + "\n")
        #expect(text.contains("SITES · 100 in all"))
    }

    @Test("the alert queue over all 10,000 alerts, and a filter that finds the one written last", arguments: [(80, 24), (250, 70)])
    func alerts(width: Int, height: Int) throws {
        let queue = try Self.frame(.alerts, width: width, height: height)
        try GoldenFile.expect("fleet-alerts-\(width)x\(height).txt", queue + "\n")
        #expect(queue.contains("10,000 alerts · 41 firing · 63 silenced · 9,896 resolved"))
        let found = try Self.frame(.alerts, width: width, height: height, filter: "zulu")
        try GoldenFile.expect("fleet-alerts-filtered-\(width)x\(height).txt", found + "\n")
        #expect(found.contains(FleetCache.lastAlertName) && found.contains("showing 1 of 10,000 (filter: zulu) · 41 firing"))
    }

    @Test("a filter reaches a resolved alert deep in the queue, and the cursor pages to the end of it")
    func deepInTheQueue() throws {
        let found = try Self.frame(.alerts, width: 250, height: 70, filter: "\"n\":\"1233\"")
        #expect(found.contains("showing 1 of 10,000") && found.contains("RESOLV"), "\(found)")
        let end = try Self.frame(.alerts, width: 80, height: 24, cursor: 9_999)
        #expect(end.contains("10,000/10,000"), "\(end)")
    }
}
