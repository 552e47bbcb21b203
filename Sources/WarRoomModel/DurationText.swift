/// Durations as operators write them in configuration, runbooks and on the
/// command line: a number of seconds (`90`) or a number with a unit (`250ms`,
/// `90s`, `15m`, `2h`, `1d`).
public enum DurationText {
    /// The longest duration anything in warroom takes: ten years. Longer is a
    /// typo (`1e300d`), and would not fit the clocks that count it down.
    public static let longestSeconds: Double = 10 * 365 * 86_400

    /// The seconds `text` stands for, or `nil` when it is not a duration or
    /// is longer than ``longestSeconds``.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var amount: Double?
        var scale = 1.0
        if let (unit, unitScale) = units.first(where: { text.hasSuffix($0.0) }) {
            amount = Double(text.dropLast(unit.count))
            scale = unitScale
        } else {
            amount = Double(text)
        }
        guard let amount, amount.isFinite, abs(amount * scale) <= longestSeconds else { return nil }
        return amount * scale
    }
}
