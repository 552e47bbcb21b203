import Testing
import WarRoomModel

@Suite("Windows of long lists")
struct ListPageTests {
    /// The page the cache returns for `window` over `total` rows (as ListQueries pages).
    static func page(_ window: ListWindow, total: Int) -> ListPage<Int> {
        let offset = max(0, min(window.offset, total - window.limit))
        let count = max(0, min(window.limit, total - offset))
        return ListPage(offset: offset, items: Array(offset..<(offset + count)), total: total, window: window)
    }

    @Test("a window read around any cursor covers what the table shows: the console never asks again for the same rows")
    func readCovers() {
        for total in [0, 1, 5, 23, 24, 25, 100, 10_000] {
            for height in [1, 24, 70] {
                for cursor in [0, 1, height - 1, height, height + 1, total / 2, total - 1, total, total + 500] where cursor >= 0 {
                    let window = ListWindow.around(cursor, height: height, slack: height / 2)
                    let page = Self.page(window, total: total)
                    #expect(page.covers(window, cursor: cursor, height: height), "total \(total) height \(height) cursor \(cursor)")
                    #expect(page.items.count <= 2 * height + 2 * (height / 2) + 1, "bounded by the screen")
                }
            }
        }
    }

    @Test("a cursor moved past the slack, another filter or order, is not covered")
    func notCovered() {
        let window = ListWindow.around(500, height: 24, slack: 12)
        let page = Self.page(window, total: 10_000)
        #expect(page.covers(window, cursor: 510, height: 24))
        #expect(!page.covers(window, cursor: 530, height: 24))
        #expect(!page.covers(ListWindow.around(500, height: 24, slack: 12, filter: "x"), cursor: 500, height: 24))
        #expect(!page.covers(ListWindow.around(500, height: 24, slack: 12, newestFirst: true), cursor: 500, height: 24))
        #expect(page[500] == 500 && page[10] == nil)
    }
}

@Suite("One meaning of a list filter")
struct ListFilterTests {
    @Test("contains, ASCII case folded only, % and _ literal, empty matches all")
    func meaning() {
        #expect(ListFilter.matches("LON", anyOf: ["session-state", "London"]))
        #expect(ListFilter.matches("", anyOf: []))
        #expect(!ListFilter.matches("50%", anyOf: ["500 errors"]), "% is a character, not a wildcard")
        #expect(ListFilter.matches("50%", anyOf: ["load 50% over"]))
        #expect(!ListFilter.matches("a_b", anyOf: ["axb"]))
        #expect(!ListFilter.matches("É", anyOf: ["école"]), "like SQLite's LIKE: only ASCII letters fold")
        #expect(ListFilter.matches("é", anyOf: ["école"]))
    }
}
