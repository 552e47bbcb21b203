import Testing
@testable import WarRoomConsole
import WarRoomModel

@Suite("Screens as components: the catalog drives tabs, number keys, help and footer")
struct ScreenCatalogTests {
    @Test("every screen in the catalog has its number key, its tab, and its own keys on it alone")
    func catalogDrivesEverything() {
        let map = KeyMap.standard
        // A cluster's agent: every screen has something to show, so every tab is there.
        var snapshot = CacheSnapshot()
        snapshot.cluster = ClusterStatus(cluster: "dr", siteID: "a", sites: ["a"], observers: ["a"], rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))
        let context = ConsoleContext(snapshot: snapshot, wallNow: 0, clock: .utc, glyphs: .unicode, operatorName: "t")
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
        #expect(ScreenCatalog.shown(context) == ScreenCatalog.ids)
    }

    @Test("an agent alone has no Observers: no tab, and its number key and Tab skip it")
    func observersOnlyInACluster() {
        let context = ConsoleContext(snapshot: CacheSnapshot(), wallNow: 0, clock: .utc, glyphs: .unicode, operatorName: "t")
        #expect(!ScreenCatalog.shown(context).contains(.observers))
        var state = UIState()
        state.screen = .drills
        #expect(!ConsoleView.render(context, state: state, width: 160, height: 48).text.contains("Observers"))
        var reducerContext = ReducerContext()
        reducerContext.shownScreens = ScreenCatalog.shown(context)
        let reducer = ConsoleReducer()
        #expect(reducer.update(state, .key(.tab), context: reducerContext).0.screen == .overview)
        #expect(reducer.update(state, .key(.character("7")), context: reducerContext).0.screen == .drills)
        state.screen = .overview
        #expect(reducer.update(state, .key(.backTab), context: reducerContext).0.screen == .drills)
    }

    @Test("a key several screens add is one binding, on each of them, and nowhere else")
    func sharedKeys() {
        let filter = KeyMap.standard.bindings.filter { $0.action == .startFilter }
        #expect(filter.count == 1)
        #expect(filter.first?.screens == [.replication, .alerts, .incident])
        #expect(KeyMap.standard.action(for: .character("/"), on: .failover, readOnly: false) == nil)
    }
}
