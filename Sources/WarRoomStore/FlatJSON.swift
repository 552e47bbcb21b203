/// Reads the JSON the cache stores for labels, annotations and silence ids —
/// one object of strings, or one array of strings — without JSONDecoder, which
/// costs tens of microseconds a call: a screen of alerts holds a hundred.
/// Anything else (nested values, numbers, broken text) returns `nil`, and
/// the caller falls back to the full decoder.
enum FlatJSON {
    static func stringMap(_ text: String) -> [String: String]? {
        var reader = Reader(bytes: Array(text.utf8))
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var map: [String: String] = [:]
        if reader.take(UInt8(ascii: "}")) { return reader.atEnd ? map : nil }
        repeat {
            guard let key = reader.string(), reader.take(UInt8(ascii: ":")), let value = reader.string() else { return nil }
            map[key] = value
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "}")) && reader.atEnd ? map : nil
    }

    static func stringArray(_ text: String) -> [String]? {
        var reader = Reader(bytes: Array(text.utf8))
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var array: [String] = []
        if reader.take(UInt8(ascii: "]")) { return reader.atEnd ? array : nil }
        repeat {
            guard let value = reader.string() else { return nil }
            array.append(value)
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "]")) && reader.atEnd ? array : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return at == bytes.count
            }
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// A JSON string with its escapes resolved; `nil` when it is not one.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var utf8: [UInt8] = []
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let escape = bytes[at]
                    at += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                case 0x00..<0x20:
                    return nil
                default:
                    utf8.append(byte)
                }
            }
            return nil
        }

        /// The scalar of a `\uXXXX` escape (the `\u` read), a surrogate pair joined.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                return nil
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }

        private mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[at..<(at + 4)] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
            }
            at += 4
            return value
        }
    }
}
