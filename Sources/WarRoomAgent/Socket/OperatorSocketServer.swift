import CPeerCredentials
import Foundation
import WarRoomModel
import WarRoomStore

/// The agent's operator-action socket beside the cache (`CACHE.sock`). Any
/// local user may connect; who they are comes from the kernel (SO_PEERCRED),
/// never from what they send, and the approval rules decide what they may do.
/// The cache itself stays writable by the agent's user alone.
public final class OperatorSocketServer: @unchecked Sendable {
    public let path: String
    private let writer: CacheWriter
    private var listener: Int32 = -1
    private let lock = NSLock()
    private var stopped = false

    public init(cachePath: String, writer: CacheWriter) {
        path = SocketIO.socketPath(forCache: cachePath)
        self.writer = writer
    }

    /// Binds the socket (replacing a stale one) and serves it on a thread.
    public func start() throws {
        if FileManager.default.fileExists(atPath: path) {
            if SocketOperatorActions.isListening(socketPath: path) {
                throw SocketError("\(path): another agent is already listening")
            }
            unlink(path)
        }
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw SocketError("socket: \(String(cString: strerror(errno)))") }
        var address = try SocketIO.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw SocketError("\(path): cannot listen: \(reason)")
        }
        // Everyone may knock; the approver policy decides who gets in.
        chmod(path, 0o666)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "warroom operator socket"
        thread.start()
    }

    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            unlink(path)
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            serve(connection)
            close(connection)
        }
    }

    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var uid: UInt32 = 0
        var pid: Int32 = 0
        guard warroom_peer_credentials(connection, &uid, &pid) == 0 else { return }
        while let line = try? SocketIO.readLine(connection) {
            let response: OperatorResponse
            if let request = try? JSONDecoder().decode(OperatorRequest.self, from: line) {
                let origin = request.origin.map { "\($0) (as reported by pid \(pid))" }
                let identity = SystemIdentity.identity(uid: uid, origin: origin)
                response = handle(request, as: identity)
            } else {
                response = OperatorResponse(.refused(DecisionRefusal("the agent could not read that request")), recordedAs: nil)
            }
            guard let data = try? JSONEncoder().encode(response), (try? SocketIO.writeLine(connection, data)) != nil else { return }
        }
    }

    private func handle(_ request: OperatorRequest, as identity: OperatorIdentity) -> OperatorResponse {
        let actions = DirectOperatorActions(identity: identity, writer: writer)
        do {
            switch request.action {
            case .decide:
                guard let planID = request.planID, let number = request.stepNumber, let decision = request.decision,
                      let hash = request.runbookHash else {
                    return OperatorResponse(.refused(DecisionRefusal("a decision needs a plan, a step, a decision and the runbook hash")),
                                            recordedAs: identity.name)
                }
                return OperatorResponse(try actions.decide(StepDecision(
                    planID: planID, stepNumber: number, decision: decision, comment: request.comment ?? "",
                    preflightFacts: request.preflightFacts ?? "{}", runbookHash: hash,
                    overridePreflight: request.overridePreflight ?? false)), recordedAs: identity.name)
            case .acknowledge:
                return OperatorResponse(try actions.acknowledge(alertFingerprint: request.alertFingerprint ?? ""),
                                        recordedAs: identity.name)
            case .note:
                return OperatorResponse(try actions.addNote(incidentID: request.incidentID ?? "", text: request.text ?? ""),
                                        recordedAs: identity.name)
            }
        } catch {
            return OperatorResponse(.refused(DecisionRefusal("the agent could not record it: \(error)")), recordedAs: identity.name)
        }
    }
}
