import Foundation
import Testing
import WarRoomReports

@Suite("Instants as operators read them")
struct ClockTextTests {
    /// What `Calendar` says, the way `ClockText` wrote it before it did the arithmetic itself.
    private func calendarText(_ instant: Int64, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: Double(instant) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let name = ["UTC", "GMT"].contains(zone.identifier) ? "UTC" : (zone.abbreviation(for: date) ?? zone.identifier)
        func pad(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return "\(c.year ?? 0)-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) \(name)"
    }

    @Test("date and time agree with the Gregorian calendar in zones with DST, half and quarter hours, before 1970 too",
          arguments: ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"])
    func agreesWithCalendar(zoneID: String) throws {
        let zone = try #require(TimeZone(identifier: zoneID))
        let clock = ClockText(timeZone: zone)
        // 1901 to 2099 in uneven steps (days, hours and odd milliseconds), the DST changes of 2026 among them.
        var instants: [Int64] = [0, -1, -999, -1000, -1001, 951_782_400_000, 4_102_444_799_999,
                                 1_772_953_200_000, 1_772_956_800_000, 1_793_512_800_000, 1_793_516_400_000]
        var instant: Int64 = -2_145_916_800_000
        while instant < 4_102_444_800_000 {
            instants.append(instant)
            instant += 86_400_000 * 97 + 3_600_000 * 5 + 1_234
        }
        for instant in instants {
            #expect(clock.dateTime(instant) == calendarText(instant, zone: zone), "instant \(instant)")
        }
    }
}
