/// A row of block characters showing how a value moved over time.
public struct Sparkline: Sendable {
    /// Oldest first; `nil` where nothing was measured.
    public var values: [Double?]
    /// The value drawn as a full block: at least the largest value, or a
    /// reference such as the RPO, so height means the same across links.
    public var ceiling: Double?

    public init(values: [Double?], ceiling: Double? = nil) {
        self.values = values
        self.ceiling = ceiling
    }

    /// The newest `width` values as glyphs, right-aligned (padded on the left).
    public func render(width: Int, glyphs: Glyphs) -> String {
        var line = String.UnicodeScalarView()
        forEachCell(width: width, glyphs: glyphs) { line.append($0) }
        return String(line)
    }

    /// Puts what ``render(width:glyphs:)`` makes straight into the cells of
    /// `frame` from column `x` of row `y`, clipped like any text: a table of
    /// links draws sixty of these, 150 columns each, at every refresh.
    public func draw(into frame: inout Frame, x: Int, y: Int, width: Int, role: StyleRole, glyphs: Glyphs) {
        var column = x
        forEachCell(width: width, glyphs: glyphs) { scalar in
            frame.putNarrow(scalar, x: column, y: y, role: role)
            column += 1
        }
    }

    /// Each of the `width` cells, left to right: a space where there is no
    /// value yet, `?` where nothing was measured, else the level of the value.
    private func forEachCell(width: Int, glyphs: Glyphs, _ body: (Unicode.Scalar) -> Void) {
        guard width > 0 else { return }
        let shown = values.suffix(width)
        // Only finite values set the scale: one infinite sample is drawn `?`, not a flat line.
        var top = ceiling.flatMap { $0.isFinite ? $0 : nil } ?? 0
        for case let value? in shown where value.isFinite && value > top { top = value }
        let levels = glyphs.sparkLevels
        guard !levels.isEmpty else { return }
        for _ in 0..<(width - shown.count) { body(" ") }
        for value in shown {
            guard let value, value.isFinite else {
                body("?")
                continue
            }
            // A share of 0...1 whatever the value (a negative one draws as the lowest level).
            let share = top > 0 ? max(0, min(value, top) / top) : 0
            // Half up by hand: `rounded()` is a call into libm, eight thousand a frame.
            body(levels[min(levels.count - 1, Int(share * Double(levels.count - 1) + 0.5))])
        }
    }
}
