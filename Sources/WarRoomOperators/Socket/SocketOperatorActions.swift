import Foundation
import WarRoomModel

/// Operator actions sent to the running agent over its socket: for consoles
/// and CLIs of users who may not write the cache. The agent records them as
/// the user the kernel says is connected, under the same rules.
///
/// Every request has one deadline (``answerSeconds``) from connecting to the
/// answer; what went wrong is said in words, including whether anything may
/// have been recorded.
public final class SocketOperatorActions: OperatorActions, @unchecked Sendable {
    /// Whether an agent can be reached on a socket.
    public enum Reachability: Equatable, Sendable {
        case listening
        /// No socket, or nobody listening on it.
        case absent
        /// The socket's group and mode keep this user out (the reason in words).
        case notPermitted(String)
    }

    /// Who this process is (the agent checks it again from the kernel).
    public let identity: OperatorIdentity
    public let socketPath: String
    /// Seconds from connecting to the agent's answer.
    public let answerSeconds: Double

    public init(socketPath: String, identity: OperatorIdentity, answerSeconds: Double = 5) {
        self.socketPath = socketPath
        self.identity = identity
        self.answerSeconds = answerSeconds
    }

    /// The socket of the agent writing `cachePath`, if one is listening there.
    public static func forCache(_ cachePath: String, identity: OperatorIdentity) -> SocketOperatorActions? {
        let path = SocketIO.socketPath(forCache: cachePath)
        return probe(socketPath: path) == .listening ? SocketOperatorActions(socketPath: path, identity: identity) : nil
    }

    /// Whether an agent listens on the socket of `cachePath` for this user.
    public static func reachability(cachePath: String) -> Reachability {
        probe(socketPath: SocketIO.socketPath(forCache: cachePath))
    }

    package static func probe(socketPath: String) -> Reachability {
        do {
            close(try connect(socketPath, deadline: LineReader.now() + 1))
            return .listening
        } catch let error as SocketError where error.kind == .notPermitted {
            return .notPermitted(error.description)
        } catch {
            return .absent
        }
    }

    public func decide(_ decision: StepDecision) throws -> ActionOutcome {
        try send(OperatorRequest(action: .decide, planID: decision.planID, stepNumber: decision.stepNumber,
                                 decision: decision.decision, comment: decision.comment, preflightFacts: decision.preflightFacts,
                                 runbookHash: decision.runbookHash, overridePreflight: decision.overridePreflight,
                                 origin: identity.origin))
    }

    public func reportPresence(_ report: ConsoleReport) throws {
        _ = try send(OperatorRequest(action: .presence, consoleReport: report))
    }

    public func acknowledge(alertFingerprint: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .acknowledge, alertFingerprint: alertFingerprint, origin: identity.origin))
    }

    public func addNote(incidentID: String, text: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .note, incidentID: incidentID, text: text, origin: identity.origin))
    }

    public func changeIncident(_ change: IncidentChange, incidentID: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .incident, incidentID: incidentID, incidentChange: change, origin: identity.origin))
    }

    public func openIncident(_ declaration: IncidentDeclaration) throws -> ActionOutcome {
        try send(OperatorRequest(action: .openIncident, incidentDeclaration: declaration, origin: identity.origin))
    }

    /// Asks the agent to start a drill against its configuration; `runbookHash`
    /// is the runbook the asker read (the agent refuses if it runs another).
    public func startDrill(_ scenario: DrillScenario, dryRun: Bool, runbookHash: String?) throws -> ActionOutcome {
        try send(OperatorRequest(action: .drill, runbookHash: runbookHash, drillScenario: scenario, dryRun: dryRun,
                                 origin: identity.origin))
    }

    public func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome {
        try send(OperatorRequest(action: .pause, comment: reason, until: until, origin: identity.origin))
    }

    public func resumeAutomation() throws -> ActionOutcome {
        try send(OperatorRequest(action: .resume, origin: identity.origin))
    }

    public func silence(alertFingerprint: String, durationSeconds: Double, reason: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .silence, comment: reason, alertFingerprint: alertFingerprint,
                                 durationSeconds: durationSeconds, origin: identity.origin))
    }

    public func expireSilence(alertFingerprint: String) throws -> ActionOutcome {
        try send(OperatorRequest(action: .unsilence, alertFingerprint: alertFingerprint, origin: identity.origin))
    }

    private func send(_ request: OperatorRequest) throws -> ActionOutcome {
        let deadline = LineReader.now() + answerSeconds
        let within = Format.seconds(answerSeconds)
        let fd: Int32
        do {
            fd = try Self.connect(socketPath, deadline: deadline)
        } catch let error as SocketError {
            throw SocketError("\(error.description); nothing was recorded", kind: error.kind)
        }
        defer { close(fd) }
        var timeout = timeval(tv_sec: Int(answerSeconds.rounded(.up)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        do {
            try SocketIO.writeLine(fd, try JSONEncoder().encode(request))
        } catch {
            throw SocketError("the agent did not take the request within \(within); nothing was recorded", kind: .notSent)
        }
        var reader = LineReader(descriptor: fd, maxBytes: SocketIO.maxLine)
        let remaining = max(0.05, deadline - LineReader.now())
        switch reader.next(firstByteWithin: remaining, lineWithin: remaining) {
        case .line(let line):
            guard let response = try? JSONDecoder().decode(OperatorResponse.self, from: line) else {
                throw SocketError("the agent's answer could not be read; look at the cache before you try again", kind: .unanswered)
            }
            return response.outcome
        case .silent, .tooSlow:
            throw SocketError("the agent did not answer within \(within); it may still record it: look before you try again",
                              kind: .unanswered)
        case .closed, .tooLong:
            throw SocketError("the agent closed the connection without an answer; look before you try again", kind: .unanswered)
        }
    }

    /// Connects before `deadline`, waiting while the agent's backlog is full.
    package static func connect(_ path: String, deadline: Double) throws -> Int32 {
        var address = try SocketIO.address(path)
        while true {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { throw SocketError("socket: \(String(cString: strerror(errno)))", kind: .notSent) }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            let failure = errno
            if result == 0 {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                return fd
            }
            close(fd)
            switch failure {
            case EAGAIN where LineReader.now() < deadline, EINTR:
                usleep(20_000)  // the agent's backlog is full: it is busy, not gone
            case EAGAIN:
                throw SocketError("the agent did not take the request in time (its queue is full)", kind: .notSent)
            case EACCES, EPERM:
                throw SocketError("you may not connect to the agent's socket \(path) (\(Self.whoMayConnect(path)))",
                                  kind: .notPermitted)
            default:
                throw SocketError("no agent is listening on \(path) (\(String(cString: strerror(failure))))", kind: .absent)
            }
        }
    }

    /// Who the socket lets in, in words: its group and mode, and how to join.
    private static func whoMayConnect(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "its group and mode keep you out" }
        let mode = String(info.st_mode & 0o777, radix: 8)
        guard info.st_mode & 0o020 != 0, let group = getgrgid(info.st_gid).map({ String(cString: $0.pointee.gr_name) }) else {
            return "mode \(mode): only its owner may connect"
        }
        return "only members of group \(group) may connect (mode \(mode)); ask an administrator to add you, then log in again"
    }
}
