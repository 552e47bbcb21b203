/// A point in time as UTC milliseconds since the Unix epoch: the one unit the
/// cache stores and every rule compares.
public typealias EpochMillis = Int64

extension EpochMillis {
    /// Seconds between `earlier` and this instant (negative when `earlier` is later).
    public func seconds(since earlier: EpochMillis) -> Double {
        Double(self - earlier) / 1000
    }

    /// This instant moved by `seconds` (rounded to the millisecond).
    public func adding(seconds: Double) -> EpochMillis {
        self + EpochMillis((seconds * 1000).rounded())
    }
}
