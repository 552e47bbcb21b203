import Foundation
import Testing
import WarRoomAgent
import WarRoomOperators
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

@Suite("The operator socket under stuck and hostile clients")
struct OperatorSocketLimitsTests {
    let dir = TemporaryDirectory()
    let path: String
    let writer: CacheWriter

    init() throws {
        path = dir.file("cache.sqlite")
        writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0))])
    }

    func server(perUser: Int = 8, firstByte: Double = 2) throws -> OperatorSocketServer {
        var limits = SocketLimits()
        limits.connectionsPerUser = perUser
        limits.firstByteSeconds = firstByte
        let server = OperatorSocketServer(cachePath: path, writer: writer, limits: limits)
        try server.start()
        return server
    }

    /// A raw client: connects, optionally sends, reads one answer line (or nothing before `wait`).
    func exchange(_ payload: [UInt8]?, wait: Double = 3) throws -> String? {
        let fd = try SocketOperatorActions.connect(path + ".sock", deadline: Double(DispatchTime.now().uptimeNanoseconds) / 1e9 + 2)
        defer { close(fd) }
        if let payload {
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            _ = payload.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var reader = LineReader(descriptor: fd, maxBytes: 1 << 20)
        if case .line(let data) = reader.next(firstByteWithin: wait, lineWithin: wait) { return String(decoding: data, as: UTF8.self) }
        return nil
    }

    func note(_ text: String) throws -> ActionOutcome {
        try SocketOperatorActions(socketPath: path + ".sock", identity: SystemIdentity.current())
            .addNote(incidentID: "INC-0001", text: text)
    }

    @Test("the socket is owner and group only by default")
    func defaultMode() throws {
        let server = try server()
        defer { server.stop() }
        let attributes = try FileManager.default.attributesOfItem(atPath: path + ".sock")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o660)
    }

    @Test("idle connections do not delay another request, and a silent one is closed after its first-byte deadline")
    func idleClientsDoNotBlock() throws {
        let server = try server(perUser: 20, firstByte: 0.5)
        defer { server.stop() }
        let idle = try (0..<10).map { _ in try SocketOperatorActions.connect(path + ".sock", deadline: .infinity) }
        defer { idle.forEach { close($0) } }
        let started = Date()
        #expect(try note("while ten clients say nothing").isRecorded)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(try exchange(nil, wait: 1.5) == nil, "a silent client gets nothing and is let go")
    }

    @Test("garbage and over-long lines are answered in words; the connection cap refuses at once")
    func hostileInput() throws {
        let server = try server(perUser: 3)
        defer { server.stop() }
        #expect(try exchange(Array("\u{0}\u{1}not json\n".utf8))?.contains("could not read that request") == true)
        let huge = [UInt8](repeating: 0x78, count: 2_000_000) + [0x0A]
        #expect(try exchange(huge)?.contains("a request is at most 262144 bytes") == true)
        let held = try (0..<3).map { _ in try SocketOperatorActions.connect(path + ".sock", deadline: .infinity) }
        let refused = try exchange(nil, wait: 5)
        #expect(refused?.contains("too many connections from your user") == true)
        held.forEach { close($0) }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try note("after the flood").isRecorded)
        let trail = try writer.auditTrail()
        #expect(trail.contains { $0.action == "note" && $0.detail == "after the flood" })
    }

    @Test("a user's requests beyond their rate are refused without touching the cache or the audit trail")
    func requestRate() throws {
        var limits = SocketLimits()
        limits.requestsPerSecond = 0.5
        limits.requestBurst = 3
        let server = OperatorSocketServer(cachePath: path, writer: writer, limits: limits)
        try server.start()
        defer { server.stop() }
        for number in 1...3 { #expect(try note("note \(number)").isRecorded) }
        let before = try writer.auditTrail().count
        let flooded = try note("one too many")
        #expect(flooded.message == "too many requests from your user (at most 0.5 a second); nothing was recorded")
        #expect(try writer.auditTrail().count == before)
    }

    @Test("a refused action is appended to the audit trail")
    func refusalsAudited() throws {
        let server = try server()
        defer { server.stop() }
        let client = SocketOperatorActions(socketPath: path + ".sock", identity: SystemIdentity.current())
        #expect(try client.acknowledge(alertFingerprint: "nope").message == "no alert nope")
        let entry = try #require(try writer.auditTrail().last)
        #expect(entry.action == "refused")
        #expect(entry.detail == "ack: no alert nope")
    }

    @Test("a client says in words when the agent does not answer in time, and that it may still record it")
    func unanswered() throws {
        // A listener that accepts and never answers, standing in for a stuck agent.
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array((path + ".sock").utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes); $0[bytes.count] = 0 }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        listen(listener, 4)
        defer { close(listener); unlink(path + ".sock") }
        let client = SocketOperatorActions(socketPath: path + ".sock", identity: SystemIdentity.current(), answerSeconds: 0.5)
        #expect {
            try client.addNote(incidentID: "INC-0001", text: "anyone?")
        } throws: { error in
            "\(error)".contains("did not answer within 500 ms; it may still record it")
        }
    }

    @Test("a silence while Alertmanager hangs: the client is answered within the wait, other requests go on, the outcome is recorded once it answers")
    func hungAlertmanager() throws {
        try writer.apply([.alert(Alert(fingerprint: "fp", name: "LabDiskFull", severity: .critical, state: .firing, siteID: "london",
                                       serviceID: nil, summary: "disk full", labels: ["alertname": "LabDiskFull"],
                                       annotations: [:], startsAt: 0))])
        let alertmanager = HungSilencer()
        var limits = SocketLimits()
        limits.alertmanagerAnswerSeconds = 0.5
        limits.alertmanagerWaiting = 1
        let server = OperatorSocketServer(cachePath: path, writer: writer, limits: limits,
                                          silencers: AlertSilencerSlot(alertmanager))
        try server.start()
        defer { server.stop() }
        let client = SocketOperatorActions(socketPath: path + ".sock", identity: SystemIdentity.current())
        let started = Date()
        let pending = try client.silence(alertFingerprint: "fp", durationSeconds: 3600, reason: "disk swap planned")
        #expect(Date().timeIntervalSince(started) < 2, "answered after the wait, not at Alertmanager's timeout")
        #expect(pending.message.hasPrefix("Alertmanager has not answered within 500 ms; the silence goes on"), "\(pending.message)")
        #expect(try note("while Alertmanager hangs").isRecorded)
        let refused = try client.silence(alertFingerprint: "fp", durationSeconds: 60, reason: "again")
        #expect(!refused.isRecorded && refused.message.hasPrefix("1 requests already wait for Alertmanager"), "\(refused.message)")
        #expect(try writer.alert(fingerprint: "fp")?.state == .firing, "nothing recorded before Alertmanager answers")
        alertmanager.answer()
        let deadline = Date().addingTimeInterval(5)
        while try writer.alert(fingerprint: "fp")?.state != .silenced, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try writer.alert(fingerprint: "fp")?.silenceIDs == ["silence-1"])
        #expect(try writer.auditTrail().contains { $0.action == "silence" && $0.detail.contains("disk swap planned") })
    }
}

/// An Alertmanager that hangs on every request until told to answer.
private final class HungSilencer: AlertSilencing, @unchecked Sendable {
    private let released = DispatchSemaphore(value: 0)

    func answer() { released.signal() }

    func createSilence(for alert: Alert, until: EpochMillis, createdBy: String, comment: String) -> Result<String, SilenceFailure> {
        released.wait()
        released.signal()
        return .success("silence-1")
    }

    func expireSilence(id: String) -> Result<Void, SilenceFailure> { .success(()) }
}
