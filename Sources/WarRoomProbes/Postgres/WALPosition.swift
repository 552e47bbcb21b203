/// A PostgreSQL write-ahead-log position (an LSN), as the server prints it:
/// two hexadecimal halves, `16/B374D848`. The position is a byte count over
/// the whole WAL history; it keeps counting across segment files and across
/// a promotion's new timeline, so the bytes between two positions are a plain
/// difference.
public struct WALPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: UInt64

    public init(bytes: UInt64) {
        self.bytes = bytes
    }

    /// Parses `XXXXXXXX/XXXXXXXX`; `nil` for anything else.
    public init?(_ text: String) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, (1...8).contains(halves[0].count), (1...8).contains(halves[1].count),
              let high = UInt64(halves[0], radix: 16), let low = UInt64(halves[1], radix: 16) else { return nil }
        bytes = high << 32 | low
    }

    public var description: String {
        String(bytes >> 32, radix: 16, uppercase: true) + "/" + String(bytes & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    /// Bytes from `earlier` up to this position; negative when `earlier` is ahead.
    public func bytes(since earlier: WALPosition) -> Int64 {
        bytes >= earlier.bytes ? Int64(clamping: bytes - earlier.bytes) : -Int64(clamping: earlier.bytes - bytes)
    }

    public static func < (lhs: WALPosition, rhs: WALPosition) -> Bool { lhs.bytes < rhs.bytes }
}
