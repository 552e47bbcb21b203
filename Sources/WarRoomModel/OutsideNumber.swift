/// The one checked conversion every number from outside passes — a
/// Prometheus sample, a Redis INFO field, a PostgreSQL LSN or interval, a
/// heartbeat read back from a table, a duration in a file — before any rule
/// or format sees it. Anything outside what the quantity can be is a
/// ``NumberProblem`` in words, so the caller reports `unknown` with the
/// reason; nothing here traps.
public enum OutsideNumber {
    /// The largest magnitude a measured quantity may have: 2^53, the largest
    /// integer a Double holds exactly. A lag of 285,000 years is no lag.
    public static let limit: Double = 9_007_199_254_740_992

    /// `value` when it is finite, within ``limit``, and not negative unless `negativeAllowed`.
    public static func check(_ value: Double, negativeAllowed: Bool = false) -> Result<Double, NumberProblem> {
        if value.isNaN { return .failure(.notANumber) }
        if value.isInfinite { return .failure(.infinite(negative: value < 0)) }
        if abs(value) > limit { return .failure(.outOfRange(value)) }
        if value < 0 && !negativeAllowed { return .failure(.negative(value)) }
        return .success(value)
    }

    /// An integer from outside (a byte offset, a count) checked the same way.
    public static func check(_ value: Int64, negativeAllowed: Bool = false) -> Result<Int64, NumberProblem> {
        if value.magnitude > UInt64(limit) { return .failure(.outOfRange(Double(value))) }
        if value < 0 && !negativeAllowed { return .failure(.negative(Double(value))) }
        return .success(value)
    }

    /// `text` read as a decimal integer and checked; `nil` text is `.missing`.
    public static func integer(_ text: String?, negativeAllowed: Bool = false) -> Result<Int64, NumberProblem> {
        guard let text else { return .failure(.missing) }
        guard let value = Int64(text) else { return .failure(.notAnInteger(text)) }
        return check(value, negativeAllowed: negativeAllowed)
    }

    /// The value when it passes, else `nil`: for fields whose absence is already `unknown`.
    public static func value(_ value: Double?, negativeAllowed: Bool = false) -> Double? {
        guard let value else { return nil }
        return try? check(value, negativeAllowed: negativeAllowed).get()
    }

    /// `Int64(value)` without trapping: `nil` for non-finite or out-of-range values.
    public static func int64(_ value: Double) -> Int64? {
        guard value.isFinite, abs(value) <= limit else { return nil }
        return Int64(value)
    }
}

/// Why a number from outside cannot stand for the quantity it claims to be.
public enum NumberProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case missing
    case notANumber
    case infinite(negative: Bool)
    case negative(Double)
    case outOfRange(Double)
    case notAnInteger(String)

    public var description: String {
        switch self {
        case .missing: "no value"
        case .notANumber: "NaN (not a number)"
        case .infinite(let negative): "\(negative ? "-" : "+")Inf (not a finite number)"
        case .negative(let value): "\(Self.plain(value)) (negative, which this cannot be)"
        case .outOfRange(let value): "\(Self.plain(value)) (out of range)"
        case .notAnInteger(let text): "'\(String(text.prefix(40)))' (not a whole number)"
        }
    }

    private static func plain(_ value: Double) -> String {
        if let whole = OutsideNumber.int64(value), Double(whole) == value { return String(whole) }
        return String(value)
    }
}
