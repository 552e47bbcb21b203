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
        let snapshot = try reader.snapshot(limits: .console(history: 120))
        let age = moment == .stale ? 47.0 : 1.0
        return ConsoleContext(snapshot: snapshot, wallNow: fixture.endedAt.adding(seconds: age), clock: .utc,
                              glyphs: glyphs, operatorName: "ic-alice")
    }

    @Test("every screen at every size and moment", arguments: Moment.allCases)
    func screens(moment: Moment) throws {
        let context = try Self.context(moment)
        for (width, height) in Self.sizes {
            for screen in ScreenID.allCases {
                var state = UIState()
                state.screen = screen
                let frame = ConsoleView.render(context, state: state, width: width, height: height)
                try GoldenFile.expect("console-\(moment.rawValue)-\(screen.title.lowercased())-\(width)x\(height).txt",
                                      frame.text + "\n")
            }
        }
    }
}
