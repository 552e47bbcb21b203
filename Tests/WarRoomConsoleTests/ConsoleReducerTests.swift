import Testing
import WarRoomConsole

@Suite("Key handling")
struct ConsoleReducerTests {
    let reducer = ConsoleReducer()

    func press(_ keys: [Key], from state: UIState = UIState(), rows: [ScreenID: Int] = [.alerts: 5, .replication: 12])
        -> (UIState, [ConsoleEffect]) {
        var state = state
        var effects: [ConsoleEffect] = []
        for key in keys {
            let (next, new) = reducer.update(state, .key(key), rowCounts: rows, pageSize: 3)
            state = next
            effects += new
        }
        return (state, effects)
    }

    @Test("number keys and Tab switch screens, wrapping around")
    func screens() {
        #expect(press([.character("3")]).0.screen == .alerts)
        #expect(press([.character("5"), .tab]).0.screen == .drills)
        #expect(press([.character("6"), .tab]).0.screen == .observers)
        #expect(press([.character("7"), .tab]).0.screen == .overview)
        #expect(press([.backTab]).0.screen == .observers)
        #expect(press([.character("l"), .character("l"), .character("h")]).0.screen == .replication)
    }

    @Test("selection moves stay inside the list")
    func selection() {
        let alerts: [Key] = [.character("3")]
        #expect(press(alerts + [.down, .down]).0.selected(on: .alerts) == 2)
        #expect(press(alerts + [.up]).0.selected(on: .alerts) == 0)
        #expect(press(alerts + [.character("G")]).0.selected(on: .alerts) == 4)
        #expect(press(alerts + [.pageDown, .pageDown]).0.selected(on: .alerts) == 4)
        #expect(press(alerts + [.character("G"), .pageUp]).0.selected(on: .alerts) == 1)
        #expect(press(alerts + [.character("j"), .character("g")]).0.selected(on: .alerts) == 0)
        #expect(press(alerts + [.down], rows: [:]).0.selected(on: .alerts) == 0, "an empty list selects nothing past 0")
    }

    @Test("q and Ctrl-C quit, even while typing a filter")
    func quit() {
        #expect(press([.character("q")]).1 == [.quit])
        #expect(press([.character("3"), .character("/"), .controlC]).1 == [.quit])
        #expect(press([.character("3"), .character("/"), .character("q")]).1.isEmpty, "q types into the filter")
    }

    @Test("/ collects filter text; Enter keeps it, Esc drops it")
    func filter() {
        let (kept, _) = press([.character("3"), .character("/"), .character("L"), .character("o"), .backspace,
                               .character("n"), .enter])
        #expect(kept.filterText(on: .alerts) == "Ln")
        #expect(!kept.isEditingFilter)
        #expect(kept.filterText(on: .replication) == "", "filters are per screen")
        let (dropped, _) = press([.character("3"), .character("/"), .character("x"), .escape])
        #expect(dropped.filterText(on: .alerts) == "")
        let (cleared, _) = press([.escape], from: kept)
        #expect(cleared.filterText(on: .alerts) == "")
        #expect(press([.character("/")]).0.isEditingFilter == false, "the overview has no filter")
    }

    @Test("screen keys work only on their screen")
    func screenKeys() {
        #expect(press([.character("s")]).0.linkOrder == .rpoStatus)
        #expect(press([.character("2"), .character("s")]).0.linkOrder == .dataAtRisk)
        #expect(press([.character("4"), .character("o")]).0.timelineNewestFirst == false)
        #expect(press([.character("3"), .enter]).0.showAlertDetail == false)
        #expect(press([.character("R")]).1 == [.refresh])
    }

    @Test("help opens with ? and closes with ?, Esc or q (without quitting)")
    func help() {
        let (open, _) = press([.character("?")])
        #expect(open.showHelp)
        #expect(!press([.escape], from: open).0.showHelp)
        let (closed, effects) = press([.character("q")], from: open)
        #expect(!closed.showHelp)
        #expect(effects.isEmpty)
    }

    @Test("read-only drops every binding that changes data, from keys and help alike")
    func readOnly() {
        var map = KeyMap.standard
        map.bindings.append(KeyBinding([.character("a")], .refresh, "approve the step", changesData: true))
        let reducer = ConsoleReducer(keyMap: map)
        let writable = UIState()
        let readOnly = UIState(readOnly: true)
        #expect(reducer.update(writable, .key(.character("a"))).1 == [.refresh])
        #expect(reducer.update(readOnly, .key(.character("a"))).1.isEmpty)
        #expect(map.bindings(on: .overview, readOnly: true).allSatisfy { !$0.changesData })
        #expect(map.bindings(on: .overview, readOnly: false).contains { $0.changesData })
    }
}
