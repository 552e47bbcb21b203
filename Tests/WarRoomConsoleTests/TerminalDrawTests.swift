import Testing
@testable import WarRoomConsole

@Suite("What ncurses shows")
struct TerminalDrawTests {
    /// Each frame's row as ncurses should hold it: a character a cell (a wide one once) and its attribute.
    private func expected(_ frame: Frame, row y: Int, on terminal: NCursesTerminal) -> [(text: String, attribute: Int32)] {
        (0..<frame.width).compactMap { x in
            let cell = frame[x, y]
            return cell.text.isEmpty ? nil : (cell.text, terminal.attribute(of: cell.role, bold: cell.bold))
        }
    }

    @Test("after each frame ncurses holds exactly that frame, though only the cells that changed (and a few between them) were handed to it")
    func onlyChangedCells() throws {
        let terminal = try NCursesTerminal(offscreenWidth: 24, height: 4, theme: .builtInDefault)
        defer { terminal.restore() }
        func frame(_ rows: [(String, StyleRole, Bool)]) -> Frame {
            var frame = Frame(width: 24, height: 4)
            for (y, (text, role, bold)) in rows.enumerated() { frame.put(text, x: 0, y: y, role: role, bold: bold) }
            return frame
        }
        // The second half of a wide character in another style than its first, and the cells after it.
        var split = frame([("link 東京 lag 4s", .normal, false), ("▁▂▃▄▅▆▇▇", .ok, false), ("Can\u{303}a Tokyo", .warning, true),
                           ("", .normal, false)])
        split.restyle(Rect(x: 6, y: 0, width: 18, height: 1), role: .selection)
        let frames = [
            frame([("link 東京 lag 3s", .normal, false), ("▁▂▃▄▅▆▇█", .ok, false), ("Cafe\u{301} Tokyo", .normal, false), ("", .normal, false)]),
            // A wide character turned into two narrow ones, one cell's style and one sparkline level changed.
            frame([("link ab京 lag 4s", .normal, false), ("▁▂▃▄▅▆▇▇", .ok, false), ("Cafe\u{301} Tokyo", .warning, true), ("x", .normal, false)]),
            // Narrow cells turned back into a wide character's halves, a letter and its mark replaced by another.
            frame([("link 東京 lag 4s", .normal, false), ("▁▂▃▄▅▆▇▇", .ok, false), ("Can\u{303}a Tokyo", .warning, true), ("", .normal, false)]),
            split,
            // The same frame again: nothing to hand over, nothing changes.
            frame([("link 東京 lag 4s", .normal, false), ("▁▂▃▄▅▆▇▇", .ok, false), ("Can\u{303}a Tokyo", .warning, true), ("", .normal, false)]),
            // Changes a few unchanged cells apart, which one run bridges: wide characters and a
            // letter with its mark in the bridge, a change in the last column.
            frame([("x 東京 y 4s 東 z", .normal, false), ("▁▂▃▄▅▆▇▇", .ok, false), ("Can\u{303}a Tokyo", .warning, true),
                   ("a e\u{301} b 京 c        9", .normal, false)]),
            frame([("w 東京 v 4s 東 q", .normal, false), ("▂▂▃▄▅▆▇▁", .ok, false), ("Can\u{303}a Tokyx", .warning, true),
                   ("d e\u{301} b 京 f        8", .normal, false)]),
        ]
        for (index, frame) in frames.enumerated() {
            terminal.draw(frame)
            for y in 0..<frame.height {
                let shown = terminal.shownRow(y)
                let wanted = expected(frame, row: y, on: terminal)
                #expect(shown.map(\.text) == wanted.map(\.text), "frame \(index), row \(y)")
                #expect(shown.map(\.attribute) == wanted.map(\.attribute), "frame \(index), row \(y): styles")
            }
        }
    }
}
