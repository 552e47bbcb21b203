import Foundation
import WarRoomModel

/// Operator actions sent to the running agent over its socket: for consoles
/// and CLIs of users who may not write the cache. The agent records them as
/// the user the kernel says is connected, under the same rules.
public final class SocketOperatorActions: OperatorActions, @unchecked Sendable {
    /// Who this process is (the agent checks it again from the kernel).
    public let identity: OperatorIdentity
    public let socketPath: String

    public init(socketPath: String, identity: OperatorIdentity) {
        self.socketPath = socketPath
        self.identity = identity
    }

    /// The socket of the agent writing `cachePath`, if one is listening there.
    public static func forCache(_ cachePath: String, identity: OperatorIdentity) -> SocketOperatorActions? {
        let path = SocketIO.socketPath(forCache: cachePath)
        return isListening(socketPath: path) ? SocketOperatorActions(socketPath: path, identity: identity) : nil
    }

    static func isListening(socketPath: String) -> Bool {
        guard let fd = try? connect(socketPath) else { return false }
        close(fd)
        return true
    }

    public func decide(_ decision: StepDecision) throws -> ActionOutcome {
        try send(OperatorRequest(action: .decide, planID: decision.planID, stepNumber: decision.stepNumber,
                                 decision: decision.decision, comment: decision.comment, preflightFacts: decision.preflightFacts,
                                 runbookHash: decision.runbookHash, overridePreflight: decision.overridePreflight,
                                 origin: identity.origin))
    }

    public func acknowledge(alertFingerprint: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .acknowledge, alertFingerprint: alertFingerprint, origin: identity.origin))
    }

    public func addNote(incidentID: String, text: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .note, incidentID: incidentID, text: text, origin: identity.origin))
    }

    private func send(_ request: OperatorRequest) throws -> ActionOutcome {
        let fd = try Self.connect(socketPath)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try SocketIO.writeLine(fd, try JSONEncoder().encode(request))
        guard let line = try SocketIO.readLine(fd) else {
            throw SocketError("\(socketPath): the agent closed the connection without an answer")
        }
        return try JSONDecoder().decode(OperatorResponse.self, from: line).outcome
    }

    static func connect(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket: \(String(cString: strerror(errno)))") }
        var address = try SocketIO.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw SocketError("\(path): no agent listening (\(reason))")
        }
        return fd
    }
}
