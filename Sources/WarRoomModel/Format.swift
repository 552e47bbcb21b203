/// Numbers as operators read them: units always shown, precision that fits
/// the magnitude, the same text on every screen and in every message.
public enum Format {
    /// `0 s`, `42 ms`, `4.2 s`, `5 s`, `38 s`, `6m03s`, `15m`, `2h05m`: short
    /// enough for a table column, exact enough to act on.
    public static func seconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) <= OutsideNumber.limit else { return "?" }
        let sign = value < 0 ? "-" : ""
        let v = abs(value)
        if v == 0 { return "0 s" }
        if v < 1 { return "\(sign)\(Int((v * 1000).rounded())) ms" }
        if v < 10 && v != v.rounded() { return "\(sign)\(fixed(v, 1)) s" }
        if v < 60 { return "\(sign)\(Int(v.rounded())) s" }
        let total = Int(v.rounded())
        if total < 3600 {
            return total % 60 == 0 ? "\(sign)\(total / 60)m" : "\(sign)\(total / 60)m\(pad(total % 60, 2))s"
        }
        let minutes = (total % 3600) / 60
        return minutes == 0 ? "\(sign)\(total / 3600)h" : "\(sign)\(total / 3600)h\(pad(minutes, 2))m"
    }

    /// A time that ticks — an age, a countdown — as `47 s`, `7m`, `2h05m`:
    /// seconds below a minute, whole minutes (rounded down) above. Past a
    /// minute the seconds are noise that would redraw the screen every second;
    /// rounded down, a countdown never shows more time left than there is.
    public static func age(_ value: Double) -> String {
        guard value.isFinite, abs(value) <= OutsideNumber.limit else { return "?" }
        let whole = value < 0 ? -Int((-value).rounded(.down)) : Int(value.rounded(.down))
        guard abs(whole) >= 60 else { return seconds(Double(whole)) }
        return seconds(Double(whole / 60 * 60))
    }

    /// `London`, `London and Singapore`, `London, Singapore and Tokyo`.
    public static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// A 0...1 share as `38.2 %`.
    /// `9,985`: a count with thousands separated, the same in every locale.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    public static func percent(_ share: Double) -> String {
        "\(fixed(share * 100, 1)) %"
    }

    /// `512 B`, `48.0 KiB`, `3.1 MiB`, `1.2 GiB`.
    public static func bytes(_ value: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        if value < 1024 { return "\(value) B" }
        var scaled = Double(value) / 1024
        var unit = 0
        while scaled >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return "\(fixed(scaled, 1)) \(units[unit])"
    }

    /// `value` with exactly `digits` decimals, without Foundation.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<min(max(digits, 0), 9) { scale *= 10 }
        guard let scaled = OutsideNumber.int64((abs(value) * scale).rounded()) else { return "?" }
        let whole = scaled / Int64(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        return "\(sign)\(whole).\(pad(Int(scaled % Int64(scale)), digits))"
    }

    /// `value` left-padded with zeros to `width` digits.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `2026-11-23 09:03:20 UTC`, without Foundation: for messages the model
    /// writes itself (the console shows times in the operator's zone).
    public static func utc(_ instant: EpochMillis) -> String {
        guard instant.magnitude <= UInt64(OutsideNumber.limit) else { return "?" }
        let seconds = instant >= 0 ? instant / 1000 : (instant - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        return "\(year)-\(pad(month, 2))-\(pad(day, 2)) \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)) UTC"
    }
}
