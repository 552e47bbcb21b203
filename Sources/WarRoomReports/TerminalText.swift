/// Text from outside (site names, alert summaries, labels, command output)
/// made safe for a terminal, and measured as a terminal draws it.
public enum TerminalText {
    /// `text` with every control character, escape sequence introducer and
    /// bidirectional override shown escaped (`\e`, `\x07`, `\u{202E}`), so
    /// nothing in it can move the cursor, recolour, retitle or reorder the screen.
    /// Newlines and tabs are escaped too: one value, one line.
    /// With `asciiOnly`, every non-ASCII character is escaped too (`\u{E9}`),
    /// for terminals whose locale cannot show UTF-8.
    public static func sanitize(_ text: String, asciiOnly: Bool = false) -> String {
        // Printable ASCII but the backslash is kept as it is: most names, every row of a table.
        if everyByte(of: text, { $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1B: out += "\\e"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                out += "\\x" + hex(scalar.value, width: 2)
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
                // Directional and invisible formatting: could disguise what a line says.
                out += "\\u{" + hex(scalar.value, width: 4) + "}"
            case 0x80... where asciiOnly:
                out += "\\u{" + hex(scalar.value, width: 4) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Columns `text` takes on a terminal: wide (East Asian, emoji) characters
    /// take two, combining marks none.
    public static func displayWidth(_ text: String) -> Int {
        // Most of a frame is printable ASCII: a column a byte, no Unicode tables.
        if isPrintableASCII(text) { return text.utf8.count }
        if let width = simpleWidth(text) { return width }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// True when every byte of `text` is printable ASCII: a column a byte.
    public static func isPrintableASCII(_ text: String) -> Bool {
        everyByte(of: text) { $0 >= 0x20 && $0 < 0x7F }
    }

    /// True when `test` holds for every UTF-8 byte of `text`, read in place.
    private static func everyByte(of text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? text.utf8.allSatisfy(test)
    }

    /// True for a scalar that is a character of its own, never joined to its
    /// neighbours and never a mark: printable Latin-1, and the arrows, boxes,
    /// blocks and shapes gauges and sparklines are drawn with. Text made only
    /// of these is measured and cut scalar by scalar, without grapheme breaking.
    public static func isSimple(_ scalar: Unicode.Scalar) -> Bool {
        (0x20..<0x7F).contains(scalar.value) || (0xA0..<0x300).contains(scalar.value)
            || (0x2190..<0x2C00).contains(scalar.value)
    }

    /// The width of text made only of simple scalars (see ``isSimple(_:)``); `nil` otherwise.
    public static func simpleWidth(_ text: String) -> Int? {
        var width = 0
        for scalar in text.unicodeScalars {
            guard isSimple(scalar) else { return nil }
            width += simpleWidth(of: scalar)
        }
        return width
    }

    /// Columns a simple scalar (see ``isSimple(_:)``) takes.
    public static func simpleWidth(of scalar: Unicode.Scalar) -> Int {
        scalar.value < 0x1100 || !isWide(scalar.value) ? 1 : 2
    }

    /// Columns one grapheme takes.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if !isSimple(first), first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark {
            return 0
        }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// `text` cut to at most `columns` display columns (with `…` when cut) and
    /// padded with spaces to exactly `columns`.
    public static func fit(_ text: String, _ columns: Int, alignRight: Bool = false, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        var fitted = text
        var width: Int
        let room = columns - ellipsis.count
        if isPrintableASCII(text) {
            // A column a byte: cut at a byte (an alert's summary, a name; most of what is fitted).
            width = text.utf8.count
            if width > columns {
                fitted = String(decoding: text.utf8.prefix(max(0, room)), as: UTF8.self) + ellipsis
                width = min(width, max(0, room)) + ellipsis.count
            }
        } else if let simple = simpleWidth(text) {
            // Text of simple scalars is cut scalar by scalar.
            width = simple
            if width > columns {
                let (start, used) = start(of: text.unicodeScalars, room: room, width: simpleWidth(of:))
                (fitted, width) = (String(start) + ellipsis, used + ellipsis.count)
            }
        } else {
            // Other text by grapheme.
            width = displayWidth(text)
            if width > columns {
                let (start, used) = start(of: text, room: room, width: self.width(of:))
                (fitted, width) = (String(start) + ellipsis, used + ellipsis.count)
            }
        }
        let padding = String(repeating: " ", count: max(0, columns - width))
        return alignRight ? padding + fitted : fitted + padding
    }

    /// The longest start of `units` that takes at most `room` columns, and its width.
    private static func start<Units: Collection>(of units: Units, room: Int,
                                                 width: (Units.Element) -> Int) -> (Units.SubSequence, Int) {
        var (end, used) = (units.startIndex, 0)
        while end != units.endIndex {
            let w = width(units[end])
            if used + w > room { break }
            used += w
            units.formIndex(after: &end)
        }
        return (units[..<end], used)
    }

    private static func isWide(_ v: UInt32) -> Bool {
        // Box drawing, blocks and most shapes (every gauge and sparkline cell) are narrow: no range walk.
        if v < 0x1100 || (0x2500...0x25FC).contains(v) { return false }
        return switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F1E6...0x1F1FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
