import Foundation
import WarRoomModel

/// Instants as operators read them: always with the zone.
public struct ClockText: Sendable {
    public let timeZone: TimeZone
    /// Worked out once: asking a `TimeZone` its identifier makes a string each time.
    private let isUTC: Bool

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        isUTC = timeZone.identifier == "UTC" || timeZone.identifier == "GMT"
    }

    public static let utc = ClockText(timeZone: TimeZone(identifier: "UTC")!)

    /// `2026-11-23 15:03:20 UTC`.
    public func dateTime(_ instant: EpochMillis) -> String {
        let parts = components(instant)
        return "\(parts.year)-\(Format.pad(parts.month, 2))-\(Format.pad(parts.day, 2)) \(time(instant))"
    }

    /// `15:03:20 UTC`.
    public func time(_ instant: EpochMillis) -> String {
        let parts = components(instant)
        return "\(Format.pad(parts.hour, 2)):\(Format.pad(parts.minute, 2)):\(Format.pad(parts.second, 2)) \(zoneName(instant))"
    }

    private func zoneName(_ instant: EpochMillis) -> String {
        if isUTC { return "UTC" }
        return timeZone.abbreviation(for: Date(timeIntervalSince1970: Double(instant) / 1000)) ?? timeZone.identifier
    }

    /// The wall-clock fields of `instant` in the zone: the zone's offset at
    /// that instant, then calendar arithmetic on the proleptic Gregorian
    /// calendar. (A `Calendar` made for every call cost the console's header
    /// 70 µs a repaint, and the timeline one per line.)
    private func components(_ instant: EpochMillis) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Self.floorDivide(instant, 1000)
        let offset = isUTC ? 0 : timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        let local = seconds + Int64(offset)
        let days = Self.floorDivide(local, 86_400)
        let inDay = Int(local - days * 86_400)
        let (year, month, day) = Self.civil(daysSince1970: days)
        return (year, month, day, inDay / 3600, inDay % 3600 / 60, inDay % 60)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Year, month and day of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`: eras of 400 years, each 146,097 days, March first).
    private static func civil(daysSince1970 days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
