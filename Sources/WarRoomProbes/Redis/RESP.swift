/// One reply of the Redis protocol (RESP2), as Redis sends it.
public enum RESPValue: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int64)
    /// `nil` for the null bulk string (`$-1`).
    case bulk([UInt8]?)
    /// `nil` for the null array (`*-1`).
    case array([RESPValue]?)

    /// The text of a simple or bulk string.
    public var text: String? {
        switch self {
        case .simple(let text): text
        case .bulk(let bytes?): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}

/// Why bytes from a Redis server could not be read as a reply.
public struct RESPError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads and writes RESP2 (https://redis.io/docs/reference/protocol-spec/):
/// replies from bytes as they arrive, commands as arrays of bulk strings.
/// Defensive: lengths and nesting are bounded, anything malformed is an
/// error naming what was wrong, never a crash.
public enum RESP {
    /// Bulk strings longer than this are refused (an `INFO` reply is a few KiB).
    public static let maxBulkBytes = 4 * 1024 * 1024
    /// Arrays with more elements, or nested deeper, are refused.
    public static let maxArrayCount = 1 << 20
    public static let maxDepth = 8

    /// A command as Redis expects it: an array of bulk strings.
    public static func command(_ parts: [String]) -> [UInt8] {
        var bytes = Array("*\(parts.count)\r\n".utf8)
        for part in parts {
            let utf8 = Array(part.utf8)
            bytes += Array("$\(utf8.count)\r\n".utf8) + utf8 + [13, 10]
        }
        return bytes
    }

    /// The first complete reply in `buffer` and how many bytes it took, or
    /// `nil` when more bytes are needed.
    public static func parse(_ buffer: ArraySlice<UInt8>) throws(RESPError) -> (value: RESPValue, consumed: Int)? {
        var index = buffer.startIndex
        guard let value = try parseValue(buffer, at: &index, depth: 0) else { return nil }
        return (value, index - buffer.startIndex)
    }

    private static func parseValue(_ buffer: ArraySlice<UInt8>, at index: inout Int, depth: Int) throws(RESPError) -> RESPValue? {
        guard depth <= maxDepth else { throw RESPError("replies nested deeper than \(maxDepth)") }
        guard index < buffer.endIndex else { return nil }
        let kind = buffer[index]
        var cursor = index + 1
        guard let line = try readLine(buffer, at: &cursor) else { return nil }
        switch kind {
        case UInt8(ascii: "+"):
            index = cursor
            return .simple(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"):
            index = cursor
            return .error(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            index = cursor
            return .integer(try integer(line, "integer"))
        case UInt8(ascii: "$"):
            let length = try integer(line, "bulk length")
            if length == -1 {
                index = cursor
                return .bulk(nil)
            }
            guard length >= 0, length <= maxBulkBytes else { throw RESPError("bulk string of \(length) bytes refused") }
            let end = cursor + Int(length)
            guard end + 2 <= buffer.endIndex else { return nil }
            guard buffer[end] == 13, buffer[end + 1] == 10 else { throw RESPError("bulk string not followed by CRLF") }
            index = end + 2
            return .bulk(Array(buffer[cursor..<end]))
        case UInt8(ascii: "*"):
            let count = try integer(line, "array length")
            if count == -1 {
                index = cursor
                return .array(nil)
            }
            guard count >= 0, count <= maxArrayCount else { throw RESPError("array of \(count) elements refused") }
            var elements: [RESPValue] = []
            for _ in 0..<count {
                guard let element = try parseValue(buffer, at: &cursor, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            index = cursor
            return .array(elements)
        default:
            throw RESPError("unknown reply type byte 0x\(String(kind, radix: 16))")
        }
    }

    /// The bytes up to the next CRLF (moving past it), or `nil` if none has arrived.
    private static func readLine(_ buffer: ArraySlice<UInt8>, at index: inout Int) throws(RESPError) -> ArraySlice<UInt8>? {
        var cursor = index
        while cursor + 1 < buffer.endIndex {
            if buffer[cursor] == 13 {
                guard buffer[cursor + 1] == 10 else { throw RESPError("CR not followed by LF") }
                let line = buffer[index..<cursor]
                index = cursor + 2
                return line
            }
            cursor += 1
            if cursor - index > 64 * 1024 { throw RESPError("a header line longer than 64 KiB") }
        }
        return nil
    }

    private static func integer(_ line: ArraySlice<UInt8>, _ what: String) throws(RESPError) -> Int64 {
        guard let value = Int64(String(decoding: line, as: UTF8.self)) else {
            throw RESPError("\(what) is not a number: '\(String(decoding: line.prefix(40), as: UTF8.self))'")
        }
        return value
    }
}
