import Foundation
import WarRoomModel

/// One request on the agent's socket: newline-delimited JSON, one per line.
struct OperatorRequest: Codable {
    enum Action: String, Codable { case decide, acknowledge, note }

    var action: Action
    var planID: String?
    var stepNumber: Int?
    var decision: ApprovalDecision?
    var comment: String?
    var preflightFacts: String?
    var runbookHash: String?
    var overridePreflight: Bool?
    var alertFingerprint: String?
    var incidentID: String?
    var text: String?
    /// What the client says about where it is (`ssh 203.0.113.7`); recorded as reported.
    var origin: String?
}

/// The agent's answer to one request.
struct OperatorResponse: Codable {
    var recorded: Bool
    var message: String
    var stepState: StepState?
    /// The identity the agent recorded the action as (from the kernel).
    var recordedAs: String?

    init(_ outcome: ActionOutcome, recordedAs: String?) {
        switch outcome {
        case .recorded(let message, let state):
            self.recorded = true
            self.message = message
            self.stepState = state
        case .refused(let refusal):
            self.recorded = false
            self.message = refusal.reason
        }
        self.recordedAs = recordedAs
    }

    var outcome: ActionOutcome {
        recorded ? .recorded(message: message, stepState: stepState) : .refused(DecisionRefusal(message))
    }
}

/// Line-at-a-time reads and whole writes on a socket descriptor.
enum SocketIO {
    static let maxLine = 256 * 1024

    static func socketPath(forCache cachePath: String) -> String { cachePath + ".sock" }

    static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SocketError("\(path): socket path too long for a Unix socket (\(bytes.count) bytes)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    static func writeLine(_ fd: Int32, _ data: Data) throws {
        var payload = data
        payload.append(0x0A)
        try payload.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw SocketError("write: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }

    static func readLine(_ fd: Int32) throws -> Data? {
        var line = Data()
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw SocketError("read: \(String(cString: strerror(errno)))") }
            if count == 0 { return line.isEmpty ? nil : line }
            if byte == 0x0A { return line }
            line.append(byte)
            guard line.count <= maxLine else { throw SocketError("request longer than \(maxLine) bytes") }
        }
    }
}

public struct SocketError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
