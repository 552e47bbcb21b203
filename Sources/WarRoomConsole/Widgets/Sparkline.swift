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
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = max(ceiling ?? 0, shown.compactMap { $0 }.max() ?? 0)
        // A scalar a value: appended to a scalar view, not string by string.
        let levels = glyphs.sparkLevels.map { $0.unicodeScalars.first ?? " " }
        var line = String.UnicodeScalarView()
        line.append(contentsOf: repeatElement(" ", count: width - shown.count))
        for value in shown {
            guard let value, value.isFinite else {
                line.append("?")
                continue
            }
            let level = top > 0 ? Int((min(value, top) / top * Double(levels.count - 1)).rounded()) : 0
            line.append(levels[max(0, min(levels.count - 1, level))])
        }
        return String(line)
    }
}
