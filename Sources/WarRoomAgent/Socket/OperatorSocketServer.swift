import CPeerCredentials
import Foundation
import Logging
import WarRoomClock
import WarRoomOperators
import WarRoomModel
import WarRoomStore

/// The agent's operator-action socket beside the cache (`CACHE.sock`).
///
/// Who may connect is the socket file's group and mode (``SocketAccess``);
/// who the client is comes from the kernel (SO_PEERCRED), never from what it
/// sends; what they may do is the approvers policy. Every connection is served
/// on its own thread under deadlines and per-user caps (``SocketLimits``), so
/// an idle, slow or hostile client never delays another's approval.
public final class OperatorSocketServer: @unchecked Sendable {
    public let path: String
    private let writer: CacheWriter
    private let access: SocketAccess
    private let limits: SocketLimits
    private let logger: Logger
    private var listener: Int32 = -1
    private let lock = NSLock()
    private var stopped = false
    private var openByUser: [uid_t: Int] = [:]
    private var refusedSinceLog: [uid_t: Int] = [:]
    private var lastRefusalLog: [uid_t: Double] = [:]
    private var budget: RequestBudget
    /// Where silences are made, as the running configuration says.
    private let silencers: AlertSilencerSlot
    private let errands: AlertmanagerErrands
    private let drills: RunningConfiguration

    public init(cachePath: String, writer: CacheWriter, access: SocketAccess = SocketAccess(),
                limits: SocketLimits = SocketLimits(), silencers: AlertSilencerSlot = AlertSilencerSlot(),
                drills: RunningConfiguration = RunningConfiguration(),
                logger: Logger = Logger(label: "warroom.socket")) {
        path = SocketIO.socketPath(forCache: cachePath)
        self.writer = writer
        self.silencers = silencers
        errands = AlertmanagerErrands(answerWithinSeconds: limits.alertmanagerAnswerSeconds, mostWaiting: limits.alertmanagerWaiting)
        self.drills = drills
        self.access = access
        self.limits = limits
        self.logger = logger
        budget = RequestBudget(rate: limits.requestsPerSecond, burst: limits.requestBurst)
    }

    /// Binds the socket (replacing a stale one), sets its group and mode, and
    /// serves it on a thread.
    public func start() throws {
        if FileManager.default.fileExists(atPath: path) {
            if case .listening = SocketOperatorActions.probe(socketPath: path) {
                throw SocketError("\(path): another agent is already listening")
            }
            unlink(path)
        }
        var groupID: gid_t?
        if let group = access.group {
            guard let id = SocketAccess.groupID(group) else { throw SocketError("socket group \(group): no such group") }
            groupID = id
        }
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw SocketError("socket: \(String(cString: strerror(errno)))") }
        var address = try SocketIO.address(path)
        // Nobody may connect before the group and mode are set: bind under a tight umask.
        let previousMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previousMask)
        guard bound == 0, listen(listener, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            throw SocketError("\(path): cannot listen: \(reason)")
        }
        if let groupID, chown(path, uid_t.max, groupID) != 0 {
            let reason = String(cString: strerror(errno))
            stop()
            throw SocketError("\(path): cannot give the socket to group \(access.group ?? ""): \(reason)")
        }
        guard chmod(path, access.mode) == 0 else {
            let reason = String(cString: strerror(errno))
            stop()
            throw SocketError("\(path): cannot set mode \(String(access.mode, radix: 8)): \(reason)")
        }
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
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno == EMFILE || errno == ENFILE { usleep(50_000) }
                    continue
                }
                return
            }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)  // a step's command must not inherit it
            var uid: UInt32 = 0
            var pid: Int32 = 0
            guard warroom_peer_credentials(connection, &uid, &pid) == 0 else {
                close(connection)
                continue
            }
            guard admit(uid) else {
                noteRefusal(uid: uid, pid: pid)
                // One short line into a fresh socket's empty buffer: it never waits on the client.
                reply(connection, refusal: "too many connections from your user (at most \(limits.connectionsPerUser)); nothing was recorded")
                close(connection)
                continue
            }
            let thread = Thread { [self, uid, pid] in
                serve(connection, uid: uid, pid: pid)
                close(connection)
                release(uid)
            }
            thread.name = "warroom operator client"
            thread.start()
        }
    }

    private func admit(_ uid: uid_t) -> Bool {
        lock.withLock {
            let total = openByUser.values.reduce(0, +)
            guard total < limits.connections, openByUser[uid, default: 0] < limits.connectionsPerUser else { return false }
            openByUser[uid, default: 0] += 1
            return true
        }
    }

    /// Logs connections and requests refused over the limits, once per user
    /// every 10 s with a count, so a flood cannot flood the log too.
    private func noteRefusal(uid: uid_t, pid: Int32) {
        let now = SystemClock().steadySeconds
        let (due, count): (Bool, Int) = lock.withLock {
            refusedSinceLog[uid, default: 0] += 1
            guard lastRefusalLog[uid].map({ now - $0 >= 10 }) ?? true else { return (false, 0) }
            lastRefusalLog[uid] = now
            defer { refusedSinceLog[uid] = 0 }
            return (true, refusedSinceLog[uid] ?? 0)
        }
        guard due else { return }
        logger.warning("socket: refused connections or requests over the per-user limits",
                       metadata: ["uid": "\(uid)", "pid": "\(pid)", "refused": "\(count)"])
    }

    private func release(_ uid: uid_t) {
        lock.withLock {
            openByUser[uid, default: 1] -= 1
            if openByUser[uid] == 0 { openByUser[uid] = nil }
        }
    }

    /// Requests on one connection, each under its deadlines, until the client
    /// closes it, goes silent, or sends what cannot be a request.
    private func serve(_ connection: Int32, uid: uid_t, pid: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var reader = LineReader(descriptor: connection, maxBytes: SocketIO.maxLine)
        while !isStopped {
            let line: Data
            switch reader.next(firstByteWithin: limits.firstByteSeconds, lineWithin: limits.requestSeconds) {
            case .line(let data): line = data
            case .closed, .silent: return
            case .tooSlow:
                reply(connection, refusal: "the request did not arrive whole within \(Format.seconds(limits.requestSeconds)); nothing was recorded")
                return
            case .tooLong:
                reply(connection, refusal: "a request is at most \(SocketIO.maxLine) bytes; nothing was recorded")
                return
            }
            let response: OperatorResponse
            let withinBudget = lock.withLock { budget.take(uid, now: SystemClock().steadySeconds) }
            if !withinBudget {
                noteRefusal(uid: uid, pid: pid)
                let rate = limits.requestsPerSecond
                let perSecond = Format.fixed(rate, rate.rounded() == rate ? 0 : 1)
                response = Self.refusal("too many requests from your user (at most \(perSecond) a second); nothing was recorded")
            } else if let request = try? JSONDecoder().decode(OperatorRequest.self, from: line) {
                let origin = request.origin.map { "\($0) (as reported by pid \(pid))" }
                let identity = SystemIdentity.identity(uid: uid, origin: origin)
                response = handle(request, as: identity)
            } else {
                response = Self.refusal("the agent could not read that request")
            }
            guard let data = try? JSONEncoder().encode(response), (try? SocketIO.writeLine(connection, data)) != nil else { return }
        }
    }

    private func reply(_ connection: Int32, refusal: String) {
        if let data = try? JSONEncoder().encode(Self.refusal(refusal)) { try? SocketIO.writeLine(connection, data) }
    }

    /// A refusal before anybody is known to have asked for anything.
    private static func refusal(_ reason: String) -> OperatorResponse {
        OperatorResponse(.refused(ActionRefusal(reason)), recordedAs: nil)
    }

    /// Why a console's report is not kept: what it says is shown on other
    /// operators' screens, so each field is bounded (and shown sanitized).
    static func presenceProblem(_ report: ConsoleReport) -> String? {
        let fields = [("console", report.consoleID, 200), ("host", report.host, 255), ("screen", report.screen, 40),
                      ("plan", report.confirming?.planID ?? "", 100)]
        for (name, value, most) in fields where value.utf8.count > most {
            return "a presence report's \(name) is at most \(most) bytes (got \(value.utf8.count))"
        }
        return report.consoleID.isEmpty ? "a presence report names its console" : nil
    }

    private func handle(_ request: OperatorRequest, as identity: OperatorIdentity) -> OperatorResponse {
        let actions = DirectOperatorActions(identity: identity, writer: writer, silencer: silencers.silencer,
                                            cluster: drills.decisions)
        do {
            switch request.action {
            case .decide:
                guard let planID = request.planID, let number = request.stepNumber, let decision = request.decision,
                      let hash = request.runbookHash else {
                    return OperatorResponse(.refused(ActionRefusal("a decision needs a plan, a step, a decision and the runbook hash")),
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
            case .incident:
                guard let change = request.incidentChange else {
                    return OperatorResponse(.refused(ActionRefusal("an incident change needs what to change")), recordedAs: identity.name)
                }
                return OperatorResponse(try actions.changeIncident(change, incidentID: request.incidentID ?? ""),
                                        recordedAs: identity.name)
            case .openIncident:
                guard let declaration = request.incidentDeclaration else {
                    return OperatorResponse(.refused(ActionRefusal("opening an incident needs its title and severity")),
                                            recordedAs: identity.name)
                }
                return OperatorResponse(try actions.openIncident(declaration), recordedAs: identity.name)
            case .drill:
                guard let scenario = request.drillScenario else {
                    return OperatorResponse(.refused(ActionRefusal("a drill needs its scenario")), recordedAs: identity.name)
                }
                switch drills.plan(scenario, current: (try? writer.snapshot().sites) ?? [], runbookHash: request.runbookHash) {
                case .failure(let refusal):
                    return OperatorResponse(.refused(refusal), recordedAs: identity.name)
                case .success(let ground):
                    return OperatorResponse(try actions.startDrill(
                        scenario, dryRun: request.dryRun ?? false, failing: ground.site, runbook: ground.route.runbook,
                        approvers: ground.configuration.automationApprovers,
                        target: "agent \(ground.configuration.agentName)"), recordedAs: identity.name)
                }
            case .presence:
                guard let report = request.consoleReport else {
                    return OperatorResponse(.refused(ActionRefusal("a presence report needs what the console shows")), recordedAs: identity.name)
                }
                if let problem = Self.presenceProblem(report) {
                    return OperatorResponse(.refused(ActionRefusal(problem)), recordedAs: identity.name)
                }
                try actions.reportPresence(report)
                return OperatorResponse(.recorded(message: "", stepState: nil), recordedAs: identity.name)
            case .pause:
                return OperatorResponse(try actions.pauseAutomation(reason: request.comment ?? "", until: request.until),
                                        recordedAs: identity.name)
            case .resume:
                return OperatorResponse(try actions.resumeAutomation(), recordedAs: identity.name)
            case .silence:
                let (fingerprint, seconds, reason) = (request.alertFingerprint ?? "", request.durationSeconds ?? 0, request.comment ?? "")
                return errands.run("silence", recordedAs: identity.name) { [self] in
                    answer(as: identity) { try actions.silence(alertFingerprint: fingerprint, durationSeconds: seconds, reason: reason) }
                }
            case .unsilence:
                let fingerprint = request.alertFingerprint ?? ""
                return errands.run("expiry of the silence", recordedAs: identity.name) { [self] in
                    answer(as: identity) { try actions.expireSilence(alertFingerprint: fingerprint) }
                }
            }
        } catch {
            return couldNotRecord(error, as: identity)
        }
    }

    /// `action`'s outcome as the client reads it.
    private func answer(as identity: OperatorIdentity, _ action: () throws -> ActionOutcome) -> OperatorResponse {
        do {
            return OperatorResponse(try action(), recordedAs: identity.name)
        } catch {
            return couldNotRecord(error, as: identity)
        }
    }

    private func couldNotRecord(_ error: any Error, as identity: OperatorIdentity) -> OperatorResponse {
        OperatorResponse(.refused(ActionRefusal("the agent could not record it: \(error)")), recordedAs: identity.name)
    }
}
