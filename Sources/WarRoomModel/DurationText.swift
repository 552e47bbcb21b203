/// Durations as operators write them in configuration, runbooks and on the
/// command line: a number of seconds (`90`) or a number with a unit (`250ms`,
/// `90s`, `15m`, `2h`, `1d`).
public enum DurationText {
    /// The seconds `text` stands for, or `nil` when it is not a duration.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            guard let amount = Double(text.dropLast(unit.count)), amount.isFinite else { return nil }
            return amount * scale
        }
        guard let amount = Double(text), amount.isFinite else { return nil }
        return amount
    }
}
