import Testing
@testable import WarRoomConsole
import WarRoomModel
import WarRoomReports

@Suite("Screens at fleet size")
struct FleetScreenTests {
    static func fleet(_ count: Int, down: Set<Int> = []) -> ConsoleContext {
        var snapshot = CacheSnapshot()
        let names = ["London", "London 2", "Los Angeles", "Lagos", "Lisbon", "Frankfurt", "Frankfurt 2", "Fremont"]
        snapshot.sites = (0..<count).map { index in
            Site(id: "s\(index)", name: names[index % names.count] + (index >= names.count ? " \(index)" : ""),
                 location: ["eu", "us"][index % 2], role: .secondary, capacityPercent: 100, loadPercent: 10)
        }
        snapshot.services = [Service(id: "web", name: "Web", tier: 1, rtoSeconds: 900, rpoSeconds: 5)]
        snapshot.healthChecks = (0..<count).map { index in
            HealthCheck(siteID: "s\(index)", serviceID: "web", state: down.contains(index) ? .critical : .ok, latencyMs: 5,
                        errorRate: 0, observedAt: 1_000)
        }
        snapshot.heartbeat = AgentHeartbeat(agentName: "a", processID: 1, wallAt: 1_000, clockAt: 1_000, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: 0)
        return ConsoleContext(snapshot: snapshot, wallNow: 1_500, clock: .utc, glyphs: .unicode, operatorName: "t")
    }

    @Test("site codes are unique however alike the names: never a label two sites share", arguments: [3, 5, 10])
    func uniqueCodes(width: Int) {
        let sites = Self.fleet(100).snapshot!.sites
        let codes = SiteCodes.make(sites, width: width, glyphs: .unicode)
        #expect(Set(codes.values).count == sites.count)
        #expect(codes.values.allSatisfy { $0.count <= width })
    }

    @Test("100 sites at 80x24: counted by health, the broken ones first, in the grid and in the matrix's columns")
    func overview() {
        let context = Self.fleet(100, down: [57, 93])
        var state = UIState()
        state.screen = .overview
        let text = ConsoleView.render(context, state: state, width: 80, height: 24).text
        #expect(text.contains("SITES · 100 in all: 98 healthy · 0 degraded · 2 down · 0 stale"), "\(text)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3].contains("CRIT"), "the first grid line is a broken site: \(lines[3])")
        #expect(text.contains("more, all healthy"))
        let matrix = lines.first { $0.contains("SERVICES ·") } ?? ""
        #expect(matrix.contains("of 100 sites, worst first"), "\(matrix)")
        let header = lines.first { $0.hasPrefix(" SERVICE ") } ?? ""
        let row = lines.first { $0.hasPrefix(" Web ") } ?? ""
        #expect(header.split(separator: " ").count >= 6 && row.contains("CRIT"), "the broken sites have columns: \(header) / \(row)")
    }
}

@Suite("Footer key hints and the matrix legend at 80 columns")
struct NarrowHintTests {
    @Test("hints are whole, never cut mid-word: the shared ones give way first, q quit and ? help always stay")
    func wholeHints() {
        let hints = KeyHints(filter: nil, own: ["/ filter", "o order", "n note", "c command", "> status", "H hand over", "+ sev"],
                             moves: true, screenCount: 6)
        let line = hints.line(width: 78)
        #expect(TerminalText.displayWidth(line) <= 78)
        #expect(line.hasPrefix("q quit  ? help  / filter"))
        #expect(!line.contains("…") && !line.contains("1-6/Tab"))
        #expect(line.split(separator: "  ").allSatisfy { hint in hints.own.contains(String(hint)) || ["q quit", "? help"].contains(hint) })
        #expect(KeyHints(filter: nil, own: ["s sort"], moves: true, screenCount: 6).line(width: 78) == "q quit  ? help  1-6/Tab screens  s sort  j/k move",
                "everything, when it fits")
    }

    @Test("the matrix legend lists whole entries, then how many more")
    func wholeLegend() {
        let entries = ["SYD Sydney", "M2 Montreal 2", "S4 Seoul 4", "DUB Dublin"]
        #expect(OverviewScreen.wholeEntries(entries, width: 80) == "SYD Sydney, M2 Montreal 2, S4 Seoul 4, DUB Dublin")
        #expect(OverviewScreen.wholeEntries(entries, width: 30) == "SYD Sydney, M2 Montreal 2, +2")
        #expect(OverviewScreen.wholeEntries(entries, width: 5) == "+4")
    }
}
