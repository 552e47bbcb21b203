/// A point in time as UTC milliseconds since the Unix epoch: the one unit the
/// cache stores and every rule compares.
public typealias EpochMillis = Int64

extension EpochMillis {
    /// Seconds between `earlier` and this instant (negative when `earlier` is later).
    /// Never traps: instants too far apart to subtract are infinitely far.
    public func seconds(since earlier: EpochMillis) -> Double {
        let (difference, overflow) = subtractingReportingOverflow(earlier)
        guard !overflow else { return self > earlier ? .infinity : -.infinity }
        return Double(difference) / 1000
    }

    /// This instant moved by `seconds` (rounded to the millisecond).
    /// Never traps: a move past the representable range stops at its end.
    public func adding(seconds: Double) -> EpochMillis {
        guard !seconds.isNaN else { return self }
        let millis = OutsideNumber.int64((seconds * 1000).rounded()) ?? (seconds > 0 ? Int64(OutsideNumber.limit) : -Int64(OutsideNumber.limit))
        let (sum, overflow) = addingReportingOverflow(millis)
        return overflow ? (millis > 0 ? .max : .min) : sum
    }
}
