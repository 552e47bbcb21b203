import Foundation
import WarRoomModel

/// Instants as operators read them: always with the zone.
public struct ClockText: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
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
        let date = Date(timeIntervalSince1970: Double(instant) / 1000)
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" { return "UTC" }
        return timeZone.abbreviation(for: date) ?? timeZone.identifier
    }

    private func components(_ instant: EpochMillis) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: Double(instant) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
