import Foundation
import WarRoomModel

/// Timestamps as Alertmanager writes them (Go's RFC 3339 with up to nine
/// fractional digits: `2026-11-25T13:10:00.123456789Z`, or an offset).
public enum RFC3339 {
    /// The instant, to the millisecond; `nil` for anything else than RFC 3339.
    public static func parse(_ text: String) -> EpochMillis? {
        // Split off the fraction, which ISO8601DateFormatter reads only to three digits.
        var base = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let rest = text[text.index(after: dot)...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            fraction = Double("0." + digits) ?? 0
            base = String(text[..<dot]) + String(rest.dropFirst(digits.count))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: base) else { return nil }
        return EpochMillis(((date.timeIntervalSince1970 + fraction) * 1000).rounded(.down))
    }

    /// `2026-11-25T13:10:00.123Z`.
    public static func format(_ instant: EpochMillis) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant) / 1000))
    }
}
