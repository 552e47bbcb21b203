/// A bar filled to a fraction, with the percentage in words beside it so the
/// value reads without colour.
public struct Gauge: Sendable {
    /// 0 is empty, 1 full; above 1 is drawn full and said in the label.
    public var fraction: Double?

    /// How wide the label at the bar's right end is.
    static let labelWidth = 6

    public init(fraction: Double?) {
        self.fraction = fraction
    }

    /// `████░░░░  52%` in `width` columns (`?` when the fraction is unknown).
    public func render(width: Int, glyphs: Glyphs) -> String {
        let (label, barWidth, filled) = parts(width: width)
        guard barWidth > 0 else { return glyphs.fit(label, width, alignRight: true) }
        let bar = String(repeating: Character(glyphs.gaugeFull), count: filled)
            + String(repeating: Character(glyphs.gaugeEmpty), count: barWidth - filled)
        return bar + glyphs.fit(label, Self.labelWidth, alignRight: true)
    }

    /// Puts what ``render(width:glyphs:)`` makes straight into the cells of
    /// `frame` from column `x` of row `y` (a link table draws sixty a frame).
    public func draw(into frame: inout Frame, x: Int, y: Int, width: Int, role: StyleRole, glyphs: Glyphs) {
        let (label, barWidth, filled) = parts(width: width)
        guard barWidth > 0 else {
            frame.putFitted(label, columns: width, alignRight: true, ellipsis: glyphs.ellipsis, x: x, y: y, role: role)
            return
        }
        for column in 0..<barWidth {
            frame.putNarrow(column < filled ? glyphs.gaugeFull : glyphs.gaugeEmpty, x: x + column, y: y, role: role)
        }
        frame.putFitted(label, columns: Self.labelWidth, alignRight: true, ellipsis: glyphs.ellipsis, x: x + barWidth, y: y,
                        role: role)
    }

    /// The label, how many columns the bar has and how many of them are filled.
    private func parts(width: Int) -> (label: String, barWidth: Int, filled: Int) {
        let label: String
        if let fraction, !fraction.isNaN {
            label = fraction * 100 > 999 ? ">999%" : "\(Int((fraction * 100).rounded()))%"
        } else {
            label = "?"
        }
        let barWidth = max(0, width - Self.labelWidth)
        let filled = fraction.map { $0.isNaN ? 0 : Int((min(max($0, 0), 1) * Double(barWidth)).rounded()) } ?? 0
        return (label, barWidth, filled)
    }
}
