import Testing
import WarRoomConsole
import WarRoomModel

@Suite("Sparkline history read for what the screen shows")
struct SparklineNeedsTests {
    static func context(links count: Int, sites: Int = 100) -> ConsoleContext {
        var snapshot = CacheSnapshot()
        snapshot.sites = (0..<sites).map { Site(id: "s\($0)", name: "Site \($0)", location: "r", role: .secondary,
                                              capacityPercent: 100, loadPercent: 10) }
        snapshot.links = (0..<count).map { index in
            ReplicationLink(id: "d\(index):s\(index % sites)>s\((index + 1) % sites)", dataType: "d\(index)",
                            sourceSiteID: "s\(index % sites)", targetSiteID: "s\((index + 1) % sites)", mode: .async, rpoSeconds: 5,
                            state: .streaming, dataAtRiskSeconds: Double(index % 7))
        }
        return ConsoleContext(snapshot: snapshot, wallNow: 0, clock: .utc, glyphs: .unicode, operatorName: "t")
    }

    @Test("a thousand links: the Replication screen reads the rows its table may show, the Overview its tiles and worst links, the others nothing")
    func bounded() {
        let context = Self.context(links: 1000)
        var state = UIState()
        state.screen = .replication
        state.selection[.replication] = 500
        let replication = SparklineNeeds.of(context, state: state, width: 80, height: 24)
        #expect(replication.links.count == 49 && replication.sites.isEmpty,
                "the screenful above the cursor (a table scrolls it to the bottom row) and half a screenful either side")
        let rows = ScreenRows.links(context, order: state.linkOrder, filter: "")
        #expect(replication.links.contains(rows[464].id) && replication.links.contains(rows[512].id))
        #expect(!replication.links.contains(rows[463].id) && !replication.links.contains(rows[513].id))
        state.screen = .overview
        let overview = SparklineNeeds.of(context, state: state, width: 80, height: 24)
        #expect(overview.links.count == 24 && overview.sites.isEmpty, "100 sites are no tiles at 80 columns: no sparklines")
        #expect(SparklineNeeds.of(Self.context(links: 10, sites: 3), state: state, width: 80, height: 24).sites.count == 3)
        state.screen = .alerts
        #expect(SparklineNeeds.of(context, state: state, width: 250, height: 70) == SparklineNeeds())
        #expect(overview.covers(SparklineNeeds(links: Set(overview.links.prefix(3)))) && !replication.covers(overview))
    }
}
