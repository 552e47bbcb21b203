import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore
import WarRoomTestSupport

/// What the configured decision modes mean, said where the operator looks:
/// the header's badge, the Failover screen, `status`; and a probe's words
/// read whole on the Replication screen.
@Suite("Decision modes and reasons in words")
struct DecisionModeTests {
    static func context(modes: [String: DecisionMode], automation: Automation?) throws -> ConsoleContext {
        let fixture = try DemoCacheFixture(seed: 7, simulatedSeconds: 120)
        var snapshot = try fixture.snapshot()
        for index in snapshot.sites.indices {
            let mode = modes[snapshot.sites[index].id] ?? .manual
            snapshot.sites[index].decision = SiteDecision(mode: mode, criticalTiers: [1])
        }
        snapshot.automation = automation
        return ConsoleContext(snapshot: snapshot, wallNow: fixture.endedAt.adding(seconds: 1), clock: .utc, glyphs: .ascii,
                              operatorName: "ic-alice")
    }

    static let armed = Automation(antiFlapSeconds: 1800)

    @Test("every site manual: the header says MANUAL, never AUTO armed; one hybrid site: AUTO armed")
    func headerBadge() throws {
        let manual = ConsoleView.render(try Self.context(modes: [:], automation: Self.armed), state: UIState(), width: 160, height: 48)
        let header = manual.text.split(separator: "\n")[0].trimmingCharacters(in: .whitespaces)
        #expect(header.hasSuffix("ic-alice | MANUAL"), "\(header)")
        #expect(!manual.text.contains("AUTO"))
        let hybrid = ConsoleView.render(try Self.context(modes: ["new-york": .hybrid], automation: Self.armed), state: UIState(),
                                        width: 160, height: 48)
        #expect(hybrid.text.split(separator: "\n")[0].trimmingCharacters(in: .whitespaces).hasSuffix("ic-alice | AUTO armed"))
    }

    @Test("the Failover screen without a plan says what each mode means, wrapped, not cut")
    func failoverScreenSaysModes() throws {
        var state = UIState()
        state.screen = .failover
        let text = ConsoleView.render(try Self.context(modes: ["new-york": .hybrid], automation: Self.armed), state: state,
                                      width: 80, height: 24).text
        #expect(text.contains("If a site fails:"))
        #expect(text.contains("London, Singapore manual: every step waits for approval"))
        let joined = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("New York hybrid: a failing critical service of tier 1 is decided automatically (steps marked approval: required still wait); any other failure waits for approval"))
    }

    @Test("status text and JSON carry each site's mode and its meaning; an all-manual cache does not say 'armed'")
    func status() throws {
        var snapshot = try DemoCacheFixture(seed: 7, simulatedSeconds: 120).snapshot()
        for index in snapshot.sites.indices { snapshot.sites[index].decision = SiteDecision(mode: .manual) }
        snapshot.automation = Self.armed
        let report = StatusReport(snapshot: snapshot, wallNow: snapshot.heartbeat?.wallAt ?? 0)
        let text = StatusText(clock: .utc).render(report, cachePath: "/c")
        #expect(text.contains("decision: New York, London, Singapore manual: every step waits for approval"))
        #expect(!text.contains("armed"))
        #expect(try ReportJSON.text(report).contains(#""meaning" : "every step waits for approval""#))
    }

    @Test("a probe's long reason is wrapped over lines on the Replication screen, every word of it shown")
    func probeWordsWrap() throws {
        var context = try Self.context(modes: [:], automation: nil)
        let reason = "the standby 127.0.0.1:5433 does not answer within 1.5 s: the connection was accepted but no startup "
            + "message came back; the primary still reports a WAL sender in state streaming with write lag 0 B (FINAL-WORD)"
        // On every link: whichever the cursor starts on shows it.
        for index in context.snapshot?.links.indices ?? 0..<0 { context.snapshot?.links[index].detail = reason }
        var state = UIState()
        state.screen = .replication
        let text = ConsoleView.render(context, state: state, width: 80, height: 24).text
        let lines = text.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("probe: the standby") })
        let shown = lines[start...].prefix(3).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("probe: " + reason), "\(lines[start...].prefix(3))")
    }
}

@Suite("Wrapped text")
struct WrappedTextTests {
    @Test("words wrap at spaces; a word longer than the line is broken; width is display width")
    func wraps() {
        #expect(WrappedText.lines("one two three", width: 7) == ["one two", "three"])
        #expect(WrappedText.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(WrappedText.lines("東京 大阪", width: 4) == ["東京", "大阪"])
        #expect(WrappedText.lines("", width: 10) == [""])
        #expect(WrappedText.lines("x", width: 0) == ["x"])
    }
}
