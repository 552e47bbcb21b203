import Foundation
import WarRoomModel

/// The append-only file of chain heads beside the cache. A chain inside the
/// database cannot show that its tail was cut or that it was recomputed
/// whole; heads written outside it, as they were made, can.
public struct AuditAnchorFile: Sendable {
    public let path: String

    /// The anchor file of the cache at `cachePath` (`cache.sqlite` → `cache.sqlite.audit.anchor`).
    public init(cachePath: String) {
        path = cachePath + ".audit.anchor"
    }

    /// Appends heads (`sequence hash` lines) with O_APPEND and fsync.
    public func append(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AnchorError(path: path, line: 0, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let text = entries.map { "\($0.sequence) \($0.hash)\n" }.joined()
        let written = text.utf8CString.withUnsafeBufferPointer { buffer in
            write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
        guard written == text.utf8.count, fsync(descriptor) == 0 else {
            throw AnchorError(path: path, line: 0, message: "could not write: \(String(cString: strerror(errno)))")
        }
    }

    /// The anchored heads, or `nil` when there is no anchor file.
    public func read() throws -> [AuditAnchor]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnchorError(path: path, line: 0, message: "cannot read")
        }
        var anchors: [AuditAnchor] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0, parts[1].count == 64 else {
                throw AnchorError(path: path, line: index + 1, message: "not a `sequence hash` line")
            }
            anchors.append(AuditAnchor(sequence: sequence, hash: String(parts[1])))
        }
        return anchors
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A problem with the anchor file, naming file and line.
public struct AnchorError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}
