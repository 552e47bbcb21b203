import Testing
@testable import WarRoomConsole

/// Which cells the terminal is handed after a frame: what changed, in runs of one style.
@Suite("Runs of changed cells")
struct CellRunTests {
    func frame(_ rows: [String], role: (Int) -> StyleRole = { _ in .normal }) -> Frame {
        var frame = Frame(width: 12, height: rows.count)
        for (y, text) in rows.enumerated() { frame.put(text, x: 0, y: y) }
        for x in 0..<12 { frame.restyle(Rect(x: x, y: 0, width: 1, height: rows.count), role: role(x)) }
        return frame
    }

    func runs(_ now: Frame, since before: Frame?, bridging: Int = 2) -> [String] {
        now.changedRuns(since: before, rows: now.height, columns: now.width, bridging: bridging).map {
            "\($0.y):\($0.start)..<\($0.end)\($0.role == .normal ? "" : " \($0.role)")"
        }
    }

    @Test("with nothing drawn before, every row is one run a style")
    func first() {
        let styled = frame(["abc", "def"]) { $0 < 4 ? .normal : .warning }
        #expect(runs(styled, since: nil) == ["0:0..<4", "0:4..<12 warning", "1:0..<4", "1:4..<12 warning"])
    }

    @Test("only what changed, a run bridging up to two unchanged cells of its style, never a style's edge")
    func changes() {
        let before = frame(["lag 4s  x", "abcdefghijkl"]) { $0 == 9 ? .warning : .normal }
        #expect(runs(before, since: before).isEmpty)
        #expect(runs(frame(["lag 5s  x", "abcdefghijkl"]) { $0 == 9 ? .warning : .normal }, since: before) == ["0:4..<5"])
        // Two unchanged cells between two changes are bridged; three are not.
        #expect(runs(frame(["lag 4s  x", "XbcXefghiXkl"]) { $0 == 9 ? .warning : .normal }, since: before) == ["1:0..<4", "1:9..<10 warning"])
        #expect(runs(frame(["lag 4s  x", "XbcdXfghijkl"]) { $0 == 9 ? .warning : .normal }, since: before) == ["1:0..<1", "1:4..<5"])
        #expect(runs(frame(["lag 4s  x", "abcdefghijkl"]) { $0 == 9 ? .warning : .normal }, since: before, bridging: 0).isEmpty)
    }

    @Test("a run that would start on a wide character's second half starts on its first")
    func wideCharacters() {
        let before = frame(["ab東京"])
        var restyled = before
        restyled.restyle(Rect(x: 3, y: 0, width: 9, height: 1), role: .selection)
        // The second half of 東 (column 3) changed style: its first half (column 2) is written, which
        // covers both columns; the next run starts after it.
        #expect(runs(restyled, since: before) == ["0:2..<3", "0:4..<12 selection"])
        #expect(runs(frame(["ab東x"]), since: before) == ["0:4..<6"])
        #expect(runs(frame(["abc東"]), since: before) == ["0:2..<6"])
    }

    @Test("a frame of another size is drawn whole")
    func resized() {
        #expect(runs(frame(["abc"]), since: Frame(width: 10, height: 1)) == ["0:0..<12"])
    }
}
