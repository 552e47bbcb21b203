/// A bar filled to a fraction, with the percentage in words beside it so the
/// value reads without colour.
public struct Gauge: Sendable {
    /// 0 is empty, 1 full; above 1 is drawn full and said in the label.
    public var fraction: Double?

    public init(fraction: Double?) {
        self.fraction = fraction
    }

    /// `████░░░░  52%` in `width` columns (`?` when the fraction is unknown).
    public func render(width: Int, glyphs: Glyphs) -> String {
        let label: String
        if let fraction, !fraction.isNaN {
            label = fraction * 100 > 999 ? ">999%" : "\(Int((fraction * 100).rounded()))%"
        } else {
            label = "?"
        }
        let barWidth = max(0, width - 6)
        guard barWidth > 0 else { return glyphs.fit(label, width, alignRight: true) }
        let filled = fraction.map { Int((min(max($0, 0), 1) * Double(barWidth)).rounded()) } ?? 0
        let bar = String(repeating: glyphs.gaugeFull, count: filled) + String(repeating: glyphs.gaugeEmpty, count: barWidth - filled)
        return bar + glyphs.fit(label, 6, alignRight: true)
    }
}
