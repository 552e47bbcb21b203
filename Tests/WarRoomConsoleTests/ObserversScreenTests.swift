import Testing
@testable import WarRoomConsole
import WarRoomModel
import WarRoomReports

/// The Observers screen of a cluster's agent: the site × observer matrix,
/// each site's verdict with its reason, quorum or a loud NO QUORUM.
@Suite("The Observers screen")
struct ObserversScreenTests {
    static func context(sites count: Int = 3, cutOff: Bool = false) -> ConsoleContext {
        let names = count == 3 ? [("new-york", "New York"), ("london", "London"), ("singapore", "Singapore")]
            : (1...count).map { ("site-\($0)", "Site \($0)") }
        var snapshot = CacheSnapshot(sites: names.map {
            Site(id: $0.0, name: $0.1, location: "", role: .secondary, capacityPercent: 100, loadPercent: 10)
        })
        snapshot.heartbeat = AgentHeartbeat(agentName: "a", processID: 1, wallAt: 100_000, clockAt: 100_000, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: 0)
        let observers = Array(names.prefix(3).map(\.0))
        var views: [ReadView] = []
        for (index, site) in names.map(\.0).enumerated() {
            for observer in observers where !(observer == observers[2] && index % 2 == 1) {
                let down = index == 0 && observer != site
                views.append(ReadView(view: ObserverView(
                    observerSiteID: observer, siteID: site, state: down ? .down : .up,
                    failing: down ? [FailingService(serviceID: "orders", reason: "connection refused")] : [],
                    failedRounds: down ? 4 : 0, observedAt: 99_000, round: 20, version: "0.1.0"), heldSince: 97_000))
            }
        }
        snapshot.cluster = ClusterStatus(cluster: "acme-dr", siteID: observers[1], sites: names.map(\.0), observers: observers, views: views,
                                         revision: 4242, readAt: 99_000, cutOffSince: cutOff ? 90_000 : nil,
                                         cutOffReason: cutOff ? "read /warroom/acme-dr/views/: no member answered within 4 s" : nil,
                                         deciderSiteID: observers[2], rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))
        return ConsoleContext(snapshot: snapshot, wallNow: 100_000, clock: .utc, glyphs: .unicode, operatorName: "ana")
    }

    func render(_ context: ConsoleContext, width: Int = 80, height: Int = 24) -> String {
        var state = UIState()
        state.screen = .observers
        return ConsoleView.render(context, state: state, width: width, height: height).text
    }

    @Test("three sites at 80x24: New York DOWN by London and Singapore, each cell a view with its rounds and age")
    func threeSites() throws {
        let text = render(Self.context())
        try GoldenFile.expect("observers-three-sites-80x24.txt", text + "\n")
        #expect(text.contains("7 Obs"))
        #expect(text.contains("decider: Singapore"))
        #expect(text.contains("DOWN 4r 3 s"))
        #expect(text.contains("New York: DOWN"))
    }

    @Test("cut off: the NO QUORUM banner and why, above the frozen views")
    func cutOff() throws {
        let text = render(Self.context(cutOff: true))
        try GoldenFile.expect("observers-no-quorum-80x24.txt", text + "\n")
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains("NO QUORUM: London's agent is cut off from the others since") })
        #expect(lines.contains { $0.contains("why: read /warroom/acme-dr/views/: no member answered") })
    }

    @Test("100 sites by 3 observers at 80x24: a scrolling table, a silent observer said, every line in the width")
    func hundredSites() {
        let context = Self.context(sites: 100)
        let text = render(context)
        #expect(text.split(separator: "\n").allSatisfy { TerminalText.displayWidth(String($0)) <= 80 })
        #expect(text.contains("silent"))
        #expect(ObserversScreen.rowCount(context, state: UIState()) == 100)
        var state = UIState()
        state.screen = .observers
        state.selection[.observers] = 99
        #expect(ConsoleView.render(context, state: state, width: 80, height: 24).text.contains("Site 100"))
    }
}
