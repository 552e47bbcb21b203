import Testing
@testable import WarRoomConsole
import WarRoomModel

@Suite("Screens as components: the catalog drives tabs, number keys, help and footer")
struct ScreenCatalogTests {
    @Test("every screen in the catalog has its number key, its tab, and its own keys on it alone")
    func catalogDrivesEverything() {
        let map = KeyMap.standard
        let context = ConsoleContext(snapshot: CacheSnapshot(), wallNow: 0, clock: .utc, glyphs: .unicode, operatorName: "t")
        for (index, screen) in ScreenCatalog.screens.enumerated() {
            let number = Character(String(index + 1))
            #expect(map.action(for: .character(number), on: .overview, readOnly: true) == .show(screen.id),
                    "\(number) shows \(screen.title)")
            var state = UIState()
            state.screen = screen.id
            let text = ConsoleView.render(context, state: state, width: 160, height: 48).text
            #expect(text.contains(" \(index + 1) \(screen.title) "), "the tab of \(screen.title)")
            for binding in screen.keys {
                #expect(map.action(for: binding.keys[0], on: screen.id, readOnly: false) == binding.action)
            }
        }
        #expect(Set(ScreenCatalog.ids).count == ScreenCatalog.ids.count, "ids are unique")
        #expect(ScreenID.drills.next == .overview && ScreenID.overview.previous == .drills, "Tab wraps around")
    }

    @Test("a key several screens add is one binding, on each of them, and nowhere else")
    func sharedKeys() {
        let filter = KeyMap.standard.bindings.filter { $0.action == .startFilter }
        #expect(filter.count == 1)
        #expect(filter.first?.screens == [.replication, .alerts, .incident])
        #expect(KeyMap.standard.action(for: .character("/"), on: .failover, readOnly: false) == nil)
    }
}
