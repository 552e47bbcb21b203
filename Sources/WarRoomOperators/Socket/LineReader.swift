import Foundation

/// Reads newline-terminated lines from a socket under deadlines, in chunks,
/// never holding more than `maxBytes` of one line: a silent, slow or endless
/// peer costs a bounded wait and a bounded buffer.
package struct LineReader {
    package enum Read: Equatable {
        case line(Data)
        /// The peer closed the connection.
        case closed
        /// Nothing arrived before the first-byte deadline.
        case silent
        /// A line began but did not end before its deadline.
        case tooSlow
        /// A line grew past `maxBytes`.
        case tooLong
    }

    private let descriptor: Int32
    private let maxBytes: Int
    private var buffer = Data()

    package init(descriptor: Int32, maxBytes: Int) {
        self.descriptor = descriptor
        self.maxBytes = maxBytes
    }

    /// The next line: its first byte within `firstByteWithin` seconds, all of it
    /// within `lineWithin` seconds of its first byte.
    package mutating func next(firstByteWithin: Double, lineWithin: Double) -> Read {
        if let line = takeLine() { return .line(line) }
        var lineDeadline = buffer.isEmpty ? nil : Self.now() + lineWithin
        let firstByteDeadline = Self.now() + firstByteWithin
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let remaining = (lineDeadline ?? firstByteDeadline) - Self.now()
            if remaining <= 0 { return lineDeadline == nil ? .silent : .tooSlow }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno != EINTR { return .closed }
            if ready <= 0 { continue }
            let count = recv(descriptor, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if count < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                return .closed
            }
            if count == 0 {
                // A last line without its newline still counts; then the peer is gone.
                if buffer.isEmpty { return .closed }
                defer { buffer.removeAll() }
                return .line(buffer)
            }
            if lineDeadline == nil { lineDeadline = Self.now() + lineWithin }
            buffer.append(contentsOf: chunk[0..<count])
            if let line = takeLine() { return .line(line) }
            if buffer.count > maxBytes { return .tooLong }
        }
    }

    private mutating func takeLine() -> Data? {
        guard let end = buffer.firstIndex(of: 0x0A) else { return nil }
        let line = buffer[buffer.startIndex..<end]
        guard line.count <= maxBytes else { return nil }
        defer { buffer.removeSubrange(buffer.startIndex...end) }
        return Data(line)
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
