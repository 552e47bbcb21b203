/// Scalars as `JSONEncoder` writes them.
enum JSONText {
    /// Appends `text` in quotes: `"` and `\` escaped, control characters as
    /// their short escapes or `\u00xx`; everything else, `/` and non-ASCII
    /// included, as is.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        // Every byte to escape is ASCII, and no byte of a multi-byte UTF-8
        // sequence is ASCII: the text can be escaped byte by byte.
        out.append(0x22)
        let bytes = text.utf8
        if !bytes.contains(where: needsEscape) {
            out += bytes
            out.append(0x22)
            return
        }
        for byte in bytes {
            guard needsEscape(byte) else { out.append(byte); continue }
            out.append(0x5C)
            switch byte {
            case 0x22, 0x5C: out.append(byte)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default: out += [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigit(byte >> 4), hexDigit(byte & 0xF)]
            }
        }
        out.append(0x22)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// A finite number in its shortest exact form, without a trailing `.0`
    /// (`5`, `0.056`, `1e-07`).
    static func number<Number: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: Number, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath(), debugDescription: "Unable to encode \(Number.self).\(value) directly in JSON."))
        }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
