import Testing
import WarRoomConsole
import WarRoomReports

@Suite("Widgets")
struct WidgetTests {
    @Test("a sparkline scales to its ceiling and marks missing samples")
    func sparkline() {
        #expect(Sparkline(values: [0, 1, 2, 4], ceiling: 4).render(width: 4, glyphs: .unicode) == "▁▃▅█")
        #expect(Sparkline(values: [0, 1, 2, 4], ceiling: 8).render(width: 4, glyphs: .unicode) == "▁▂▃▅")
        #expect(Sparkline(values: [1, nil, 1]).render(width: 5, glyphs: .unicode) == "  █?█", "right-aligned, ? for gaps")
        #expect(Sparkline(values: [9, 1, 2, 3]).render(width: 2, glyphs: .ascii).count == 2, "newest values win")
        #expect(Sparkline(values: [0, 0]).render(width: 2, glyphs: .ascii) == "__")
        #expect(Sparkline(values: [2, .infinity, 4, -.greatestFiniteMagnitude, .nan]).render(width: 5, glyphs: .unicode) == "▅?█▁?",
                "an infinite sample is `?` and does not flatten the others; a negative one is the lowest level")
    }

    @Test("a sparkline drawn into a table's cells is what it renders, cut to its newest values, the rest of the column blank")
    func sparklineCell() {
        let line = Sparkline(values: [1, 2, 3, nil, 5, 6, 7, 8], ceiling: 8)
        for (column, lineWidth) in [(10, 8), (10, 6), (4, 8)] {
            let table = Table(columns: [TableColumn("ID", width: 2), TableColumn("HISTORY", width: column)],
                              rows: [[TableCell("a"), TableCell(sparkline: line, width: lineWidth, .warning)]])
            var frame = Frame(width: 2 + 1 + column, height: 2)
            table.draw(into: &frame, rect: Rect(x: 0, y: 0, width: frame.width, height: 2), glyphs: .unicode)
            let shown = min(lineWidth, column)
            let row = frame.text.split(separator: "\n").map(String.init)[1]
            #expect(row == "a  " + line.render(width: shown, glyphs: .unicode) + String(repeating: " ", count: column - shown))
            #expect((3..<frame.width).allSatisfy { frame[$0, 1].role == .warning }, "the padding keeps the cell's role")
        }
    }

    @Test("a gauge fills to its fraction and says it in words")
    func gauge() {
        #expect(Gauge(fraction: 0.5).render(width: 16, glyphs: .unicode) == "█████░░░░░   50%")
        #expect(Gauge(fraction: 3).render(width: 8, glyphs: .ascii) == "##  300%")
        #expect(Gauge(fraction: .infinity).render(width: 8, glyphs: .ascii) == "## >999%")
        #expect(Gauge(fraction: nil).render(width: 8, glyphs: .ascii) == "..     ?")
        #expect(Gauge(fraction: .nan).render(width: 8, glyphs: .ascii) == "..     ?", "not a number is unknown, never a trap")
    }

    @Test("a gauge drawn into a table's cells shows what its text shows, at every width")
    func gaugeDrawn() {
        for fraction in [0, 0.26, 0.5, 1, 3, .infinity, .nan, -1, nil] as [Double?] {
            for width in 0...12 {
                for glyphs in [Glyphs.unicode, .ascii] {
                    let gauge = Gauge(fraction: fraction)
                    var drawn = Frame(width: 14, height: 1)
                    gauge.draw(into: &drawn, x: 1, y: 0, width: width, role: .warning, glyphs: glyphs)
                    var put = Frame(width: 14, height: 1)
                    put.putFitted(gauge.render(width: width, glyphs: glyphs), columns: width, ellipsis: glyphs.ellipsis, x: 1, y: 0,
                                  role: .warning)
                    #expect(drawn == put, "\(String(describing: fraction)) in \(width) columns: \(drawn.text) against \(put.text)")
                }
            }
        }
    }

    @Test("table columns fit by display width: wide characters keep columns aligned")
    func tableWideCharacters() {
        let table = Table(columns: [TableColumn("SITE", width: 8), TableColumn("NOTE")],
                          rows: [[TableCell("東京東京東京"), TableCell("a")], [TableCell("Zürich"), TableCell("b")]])
        var frame = Frame(width: 20, height: 3)
        table.draw(into: &frame, rect: Rect(x: 0, y: 0, width: 20, height: 3), glyphs: .unicode)
        let lines = frame.text.split(separator: "\n").map(String.init)
        #expect(lines[1] == "東京東…  a          ")
        #expect(lines[2] == "Zürich   b          ")
        #expect(lines.allSatisfy { TerminalText.displayWidth($0) == 20 })
    }

    @Test("a long table keeps the selection in view and says where it is")
    func tableScrolls() {
        let rows = (0..<10).map { [TableCell("row \($0)")] }
        var frame = Frame(width: 20, height: 4)
        Table(columns: [TableColumn("NAME")], rows: rows, selected: 7)
            .draw(into: &frame, rect: Rect(x: 0, y: 0, width: 20, height: 4), glyphs: .ascii)
        let lines = frame.text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(" 8/10"))
        #expect(lines[3].hasPrefix("row 7"))
        #expect(frame[0, 3].role == .selection)
    }

    @Test("drawing clips at the frame's edges and never splits a wide character")
    func clipping() {
        var frame = Frame(width: 5, height: 1)
        frame.put("ab東京", x: 0, y: 0)
        #expect(frame.text == "ab東 ")
        frame.put("zz", x: 4, y: 0)
        frame.put("far", x: 9, y: 0)
        frame.put("up", x: 0, y: -1)
        #expect(frame.text == "ab東z")
    }

    @Test("a character of several scalars keeps its text; frames differing only in one are not equal; one written over is gone")
    func clusters() {
        var frame = Frame(width: 6, height: 2)
        frame.put("e\u{301}🇨🇭x", x: 0, y: 0)
        #expect(frame.text == "e\u{301}🇨🇭x  \n      ")
        #expect(frame[0, 0].text == "e\u{301}" && frame[1, 0].text == "🇨🇭" && frame[2, 0].text == "")
        var other = Frame(width: 6, height: 2)
        other.put("e\u{300}🇨🇭x", x: 0, y: 0)
        #expect(frame != other, "é and è are one scalar apart")
        frame.put("e\u{300}", x: 0, y: 0)
        #expect(frame == other)
        frame.put("ab", x: 0, y: 0)
        other.put("ab", x: 0, y: 0)
        frame.put("   ", x: 2, y: 0)
        other.put("   ", x: 2, y: 0)
        #expect(frame == other && frame.text == "ab    \n      ", "nothing of the characters written over is kept")
    }
}
