import Foundation
import Testing
import WarRoomAgent
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

@Suite("RESP, the Redis protocol")
struct RESPTests {
    func parse(_ text: String) throws -> RESPValue? {
        try RESP.parse(Array(text.utf8)[...])?.value
    }

    @Test("every reply type, nulls and nesting")
    func replies() throws {
        #expect(try parse("+OK\r\n") == .simple("OK"))
        #expect(try parse("-NOAUTH Authentication required.\r\n") == .error("NOAUTH Authentication required."))
        #expect(try parse(":-42\r\n") == .integer(-42))
        #expect(try parse("$5\r\nhe\r\no\r\n") == .bulk(Array("he\r\no".utf8)), "a bulk string may hold CRLF")
        #expect(try parse("$-1\r\n") == .bulk(nil))
        #expect(try parse("*-1\r\n") == .array(nil))
        #expect(try parse("*2\r\n*1\r\n:1\r\n$0\r\n\r\n") == .array([.array([.integer(1)]), .bulk([])]))
    }

    @Test("a reply cut anywhere is incomplete, never wrong; the bytes it took are counted")
    func incomplete() throws {
        let whole = Array("*2\r\n$3\r\nfoo\r\n:7\r\n+next\r\n".utf8)
        for cut in 0..<17 {
            #expect(try RESP.parse(whole[0..<cut]) == nil, "cut at \(cut)")
        }
        let parsed = try #require(try RESP.parse(whole[...]))
        #expect(parsed.value == .array([.bulk(Array("foo".utf8)), .integer(7)]) && parsed.consumed == 17)
    }

    @Test("malformed replies are errors that say what is wrong")
    func malformed() {
        let cases: [(String, String)] = [
            ("!oops\r\n", "unknown reply type byte 0x21"),
            (":12a\r\n", "integer is not a number: '12a'"),
            ("$abc\r\n", "bulk length is not a number: 'abc'"),
            ("$99999999999\r\n", "bulk string of 99999999999 bytes refused"),
            ("$3\r\nfooXY", "bulk string not followed by CRLF"),
            ("+OK\rX", "CR not followed by LF"),
            ("*-5\r\n", "array of -5 elements refused"),
            (String(repeating: "*1\r\n", count: 12) + ":1\r\n", "replies nested deeper than 8"),
        ]
        for (text, message) in cases {
            #expect(throws: RESPError(message)) { try RESP.parse(Array(text.utf8)[...]) }
        }
    }

    @Test("commands are arrays of bulk strings")
    func command() {
        #expect(String(decoding: RESP.command(["INFO", "replication"]), as: UTF8.self) == "*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n")
    }
}

@Suite("INFO replication and the link it describes")
struct RedisReplicationInfoTests {
    // Recorded from Redis 7.0.15 (Debian 12): a master with its replica online, then the replica.
    static let master70 = """
        # Replication\r
        role:master\r
        connected_slaves:1\r
        slave0:ip=127.0.0.1,port=16380,state=online,offset=3107,lag=0\r
        master_failover_state:no-failover\r
        master_replid:da929e3bf910f5fd3fb8136d90a4826e570112b8\r
        master_replid2:0000000000000000000000000000000000000000\r
        master_repl_offset:3207\r
        second_repl_offset:-1\r
        repl_backlog_active:1\r
        """
    static let replica70 = """
        # Replication\r
        role:slave\r
        master_host:127.0.0.1\r
        master_port:16379\r
        master_link_status:up\r
        master_last_io_seconds_ago:0\r
        master_sync_in_progress:0\r
        slave_read_repl_offset:3107\r
        slave_repl_offset:3107\r
        slave_priority:100\r
        """
    // Recorded: the master still preparing the full sync; the replica before it ever connected.
    static let masterSyncing = "role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=16380,state=wait_bgsave,offset=0,lag=0\r\nmaster_repl_offset:3107\r\n"
    static let replicaNeverConnected = "role:slave\r\nmaster_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:0\r\nslave_repl_offset:1\r\nmaster_link_down_since_seconds:-1\r\n"
    // Recorded 2.5 s after the master was killed.
    static let replicaDown = "role:slave\r\nmaster_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\nmaster_sync_in_progress:0\r\nslave_repl_offset:3107\r\nmaster_link_down_since_seconds:3\r\n"

    @Test("a master and its replicas; a replica and its link; fields it does not send stay unknown")
    func parse() {
        let master = RedisReplicationInfo.parse(Self.master70)
        #expect(master.role == .master && master.masterReplOffset == 3207)
        #expect(master.connectedReplicas == [.init(ip: "127.0.0.1", port: 16380, state: "online", offset: 3107, lagSeconds: 0)])
        #expect(master.replicaOffset == nil && master.masterLinkStatus == nil)
        let replica = RedisReplicationInfo.parse(Self.replica70)
        #expect(replica.role == .replica && replica.masterLinkStatus == "up" && replica.replicaOffset == 3107)
        #expect(replica.masterPort == 16379 && replica.masterSyncInProgress == false && replica.masterLinkDownSinceSeconds == nil)
    }

    @Test("old and garbled lines are ignored, not guessed: Redis 2.8's replica list, junk, an empty reply")
    func defensive() {
        let old = RedisReplicationInfo.parse("role:master\nslave0:127.0.0.1,6380,online\nmaster_repl_offset:abc\nnonsense\n:\n")
        #expect(old.role == .master && old.masterReplOffset == nil)
        #expect(old.connectedReplicas == [.init(ip: nil, port: nil, state: nil, offset: nil, lagSeconds: nil)])
        #expect(RedisReplicationInfo.parse("").role == .unknown)
    }

    func judge(master: String?, replica: String?) -> RedisLinkReading {
        RedisLinkReading.judge(master: master.map { .success(.parse($0)) } ?? .failure(RedisFailure("connection refused by 127.0.0.1:16379")),
                               replica: replica.map { .success(.parse($0)) } ?? .failure(RedisFailure("connection refused by 127.0.0.1:16380")),
                               replicaPort: 16380)
    }

    @Test("streaming with its byte lag; Redis's lag is seconds since the last ack, kept apart")
    func streaming() {
        let reading = judge(master: Self.master70, replica: Self.replica70)
        #expect(reading.state == .streaming && reading.lagBytes == 100 && reading.secondsSinceAck == 0)
    }

    @Test("syncing is catching up; a link down is disconnected with the time as given; never lag 0")
    func states() {
        let syncing = judge(master: Self.masterSyncing, replica: Self.replica70)
        #expect(syncing.state == .catchingUp && syncing.detail == "the replica is syncing (wait_bgsave)")
        let never = judge(master: Self.master70, replica: Self.replicaNeverConnected)
        #expect(never.state == .disconnected && never.lagBytes == nil && never.detail == "link to the master down: never connected")
        let down = judge(master: nil, replica: Self.replicaDown)
        #expect(down.state == .disconnected && down.lagBytes == nil)
        #expect(down.detail == "link to the master down for 3 s; the master does not answer: connection refused by 127.0.0.1:16379")
        let gone = judge(master: Self.master70, replica: nil)
        #expect(gone.state == .disconnected && gone.detail == "the replica does not answer: connection refused by 127.0.0.1:16380")
        let promoted = judge(master: nil, replica: "role:master\r\nmaster_repl_offset:4000\r\n")
        #expect(promoted.state == .disconnected && promoted.detail.hasPrefix("the replica is a master now"))
    }
}

/// A Redis master and replica (Debian's redis-server) on free ports, with a
/// password, for as long as the value lives.
final class RedisPair {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "redis-server is not installed: run Scripts/setup" }
    }

    let directory = TemporaryDirectory()
    let password = "lab-secret-\(UInt32.random(in: 0...UInt32.max))"
    let masterPort: Int
    let replicaPort: Int
    var master: ServerAddress { ServerAddress(host: "127.0.0.1", port: masterPort) }
    var replica: ServerAddress { ServerAddress(host: "127.0.0.1", port: replicaPort) }
    private var processes: [String: Process] = [:]

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server") else { throw Missing() }
        masterPort = freeLocalPort()
        replicaPort = freeLocalPort()
        try start("master", port: masterPort)
        try start("replica", port: replicaPort, extra: ["--replicaof", "127.0.0.1", "\(masterPort)", "--masterauth", password])
        for port in [masterPort, replicaPort] { try Self.waitUntilListening(port) }
    }

    /// Waits (at most 10 s) until something accepts connections on `port`.
    static func waitUntilListening(_ port: Int) throws {
        try SoloEtcd.waitUntilListening(port)
    }

    func start(_ name: String, port: Int, extra: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", directory.path, "--requirepass", password, "--repl-diskless-sync", "yes",
                             "--repl-diskless-sync-delay", "0", "--logfile", directory.file("\(name).log")] + extra
        // Not the test runner's pipes: `swift test` waits for them to close.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try TestChildren.run(process)
        processes[name] = process
    }

    /// Stops one server and waits (at most 5 s) until it is gone.
    func stop(_ name: String) {
        guard let process = processes[name] else { return }
        // SIGKILL: a crash is what this stands for.
        TestChildren.stop(process)
    }

    deinit { processes.values.forEach(TestChildren.stop) }
}

@Suite("Redis replication against real redis-server processes")
struct RedisLinkTests {
    let client = RedisClient()

    func read(_ pair: RedisPair) async -> RedisLinkReading {
        RedisLinkReading.judge(
            master: await client.replicationInfo(at: pair.master, password: pair.password, timeout: 2).map(\.info),
            replica: await client.replicationInfo(at: pair.replica, password: pair.password, timeout: 2).map(\.info),
            replicaPort: pair.replicaPort)
    }

    /// Reads until `done` holds (or 10 s pass).
    func read(_ pair: RedisPair, until done: (RedisLinkReading) -> Bool) async -> RedisLinkReading {
        var reading = await read(pair)
        let deadline = Date().addingTimeInterval(10)
        while !done(reading) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            reading = await read(pair)
        }
        return reading
    }

    @Test("the link streams; writes on the master show as byte lag the replica then catches up; a stopped replica is disconnected")
    func link() async throws {
        let pair = try RedisPair()
        let streaming = await read(pair) { $0.state == .streaming }
        #expect(streaming.state == .streaming, "\(streaming.detail)")
        // A write load: the master's offset moves ahead of what the replica acknowledged.
        let value = String(repeating: "x", count: 4096)
        let writes = (0..<200).map { ["SET", "key\($0)", value] }
        _ = try await client.run(host: "127.0.0.1", port: pair.masterPort, password: pair.password, commands: writes, timeout: 10)
        let master = try await client.replicationInfo(at: pair.master, password: pair.password, timeout: 2).get().info
        #expect((master.masterReplOffset ?? 0) > 200 * 4096, "the master's offset counts the bytes written")
        let caughtUp = await read(pair) { $0.lagBytes == 0 }
        #expect(caughtUp.lagBytes == 0 && caughtUp.replicaOffset == master.masterReplOffset)
        pair.stop("replica")
        let stopped = await read(pair)
        #expect(stopped.state == .disconnected && stopped.lagBytes == nil)
        #expect(stopped.detail.hasPrefix("the replica does not answer: connection refused by 127.0.0.1:\(pair.replicaPort)"))
    }

    @Test("a wrong password is refused with Redis's words; no password at all too")
    func authentication() async throws {
        let pair = try RedisPair()
        // A generous deadline: this is about the refusal, not about a loaded machine's speed.
        let wrong = await client.replicationInfo(at: pair.master, password: "nope", timeout: 10)
        #expect(throws: RedisFailure.self) { try wrong.get() }
        if case .failure(let failure) = wrong { #expect(failure.description.hasPrefix("AUTH refused by 127.0.0.1:\(pair.masterPort):")) }
        let none = await client.replicationInfo(at: pair.master, timeout: 10)
        if case .failure(let failure) = none { #expect(failure.description.contains("NOAUTH")) } else { Issue.record("INFO without AUTH was answered") }
    }

    @Test("the heartbeat gives the lag in seconds; a dead master freezes the data at risk while the replica's staleness grows")
    func heartbeat() async throws {
        let pair = try RedisPair()
        let probe = RedisLinkProbe(linkID: "session-state:ny>ld",
                                   check: RedisLinkCheck(master: pair.master, replica: pair.replica, password: .environment("WR_TEST_REDIS")),
                                   secrets: { [password = pair.password] _ in password }, now: { SystemClock().now })
        // Under CI's load one end may miss a round's deadline: wait for a round in which both answered.
        func answeredByBoth(_ reading: LinkMeasurement) -> Bool {
            reading.observation.state == .streaming && reading.observation.lagSeconds != nil
                && reading.observation.dataAtRiskBytes != nil && reading.observation.primarySeenAt != nil
        }
        var steady = await probe.measure(timeout: 5)
        let deadline = Date().addingTimeInterval(20)
        while !answeredByBoth(steady), Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            steady = await probe.measure(timeout: 5)
        }
        #expect(steady.observation.state == .streaming, "\(steady.detail)")
        #expect((steady.observation.lagSeconds ?? 99) < 1, "the replica has the heartbeat of a moment ago")
        #expect(steady.observation.dataAtRiskBytes != nil && steady.observation.primarySeenAt != nil)
        pair.stop("master")
        try await Task.sleep(for: .milliseconds(1500))
        let first = await probe.measure(timeout: 1)
        try await Task.sleep(for: .milliseconds(1000))
        let second = await probe.measure(timeout: 1)
        #expect(second.observation.state == .disconnected, "\(second.detail)")
        #expect(second.observation.lagBytes == nil, "no byte lag without the master: never 0")
        #expect(second.observation.primarySeenAt == steady.observation.primarySeenAt, "the last contact is kept")
        #expect(second.observation.dataAtRiskSeconds == first.observation.dataAtRiskSeconds, "the data at risk stops growing")
        #expect((second.observation.lagSeconds ?? 0) > (first.observation.lagSeconds ?? 99) + 0.5, "the staleness keeps growing")
        #expect(second.detail.contains("the master does not answer"))
    }

    @Test("without a heartbeat key the lag in seconds is unknown, not 0; a password that is not there says which")
    func noHeartbeat() async throws {
        let pair = try RedisPair()
        let blind = RedisLinkProbe(linkID: "l", check: RedisLinkCheck(master: pair.master, replica: pair.replica,
                                                                       password: .environment("X"), heartbeatKey: nil),
                                   secrets: { [password = pair.password] _ in password }, now: { SystemClock().now })
        let reading = await blind.measure(timeout: 2)
        #expect(reading.observation.lagSeconds == nil && reading.observation.dataAtRiskSeconds == nil)
        let locked = RedisLinkProbe(linkID: "l", check: RedisLinkCheck(master: pair.master, replica: pair.replica,
                                                                        password: .environment("WR_NOT_SET")),
                                    secrets: { _ in nil }, now: { SystemClock().now })
        let refused = await locked.measure(timeout: 2)
        #expect(refused.observation.state == .unknown && refused.detail == "the password (env:WR_NOT_SET) is not available")
    }

    @Test("the link schedule hands the loop replication events: streaming, then disconnected when the replica dies")
    func schedule() async throws {
        let pair = try RedisPair()
        let check = LinkCheck(linkID: "session-state:ny>ld", sourceSiteID: "ny", targetSiteID: "ld",
                              kind: RedisLinkCheck(master: pair.master, replica: pair.replica, password: .environment("X")),
                              intervalSeconds: 0.2, timeoutSeconds: 0.5, jitterSeconds: 0)
        let schedule = ReplicationProbes(checks: [check], secrets: { [password = pair.password] _ in password }, now: { SystemClock().now })
        schedule.start()
        defer { schedule.stop() }
        func states(for seconds: Double) async -> [LinkState] {
            try? await Task.sleep(for: .seconds(seconds))
            return schedule.observe(until: SystemClock().now).compactMap {
                if case .replication(let seen) = $0 { seen.state } else { nil }
            }
        }
        var seen = await states(for: 1)
        let deadline = Date().addingTimeInterval(10)
        while seen != [.streaming], Date() < deadline { seen = await states(for: 0.5) }
        #expect(seen == [.streaming], "one event per link per observe: the latest")
        pair.stop("replica")
        _ = await states(for: 0.6)
        #expect(await states(for: 0.6) == [.disconnected])
    }
}

@Suite("Replication links measured by the configuration")
struct LinkConfigTests {
    static let base = """
        sites:
          - { id: ny, name: New York, role: primary }
          - { id: ld, name: London, role: secondary }
        services:
          - { id: sessions, name: Sessions, tier: 1, rto: 15m, rpo: 5s, critical: true, data: [session-state] }
        checks:
          - { site: ny, service: sessions, tcp: { host: 127.0.0.1, port: 1 } }
        replication:

        """

    @Test("a redis: link is measured on its interval; host:port and the password by reference are checked, line by line")
    func redis() throws {
        let good = try ConfigFile.parse(Self.base + """
              - data: session-state
                from: ny
                to: ld
                mode: async
                interval: 2s
                redis: { master: "127.0.0.1:6379", replica: "127.0.0.1:6380", password: env:REDIS_PASSWORD }
            """, file: "lab.yaml", folder: "/nonexistent").get()
        #expect(good.linkChecks == [LinkCheck(
            linkID: "session-state:ny>ld", sourceSiteID: "ny", targetSiteID: "ld",
            kind: RedisLinkCheck(master: ServerAddress(host: "127.0.0.1", port: 6379),
                                 replica: ServerAddress(host: "127.0.0.1", port: 6380),
                                 password: .environment("REDIS_PASSWORD")),
            intervalSeconds: 2, timeoutSeconds: 2, jitterSeconds: 0.5)])
        #expect(good.links.first { $0.id == "session-state:ny>ld" }?.silentAfterSeconds == 6,
                "its source is silent after two missed rounds: 2 × 2 s + the 2 s timeout")
        let bad = ConfigFile.parse(Self.base + """
              - { data: session-state, from: ny, to: ld, mode: async, redis: { master: "127.0.0.1", replica: "h:99999", password: hunter2 } }
            """, file: "lab.yaml", folder: "/nonexistent")
        guard case .failure(let invalid) = bad else {
            Issue.record("a bad redis: block was accepted")
            return
        }
        let text = invalid.description
        #expect(text.contains("lab.yaml:9:") && text.contains("replication[1].redis.master: must be host:port (got '127.0.0.1')"))
        #expect(text.contains("replication[1].redis.replica: must be host:port"))
        #expect(text.contains("replication[1].redis.password: give it as env:NAME or file:PATH, never inline"))
        #expect(!text.contains("hunter2"), "the secret is not repeated")
    }

    @Test("a postgres: link names its primary, standby and heartbeat table; a table name that is not plain, or two probe kinds, are refused")
    func postgres() throws {
        let good = try ConfigFile.parse(Self.base + """
              - data: session-state
                from: ny
                to: ld
                mode: async
                postgres: { primary: "127.0.0.1:5432", standby: "127.0.0.1:5433", user: warroom, password: file:/etc/warroom/pg,
                            application_name: ld, heartbeat_table: ops.heartbeat, create_heartbeat_table: false, tls: prefer }
            """, file: "lab.yaml", folder: "/nonexistent").get()
        #expect(good.linkChecks.first?.kind as? PostgresLinkCheck == PostgresLinkCheck(
            primary: ServerAddress(host: "127.0.0.1", port: 5432), standby: ServerAddress(host: "127.0.0.1", port: 5433),
            user: "warroom", password: .file("/etc/warroom/pg"), applicationName: "ld", heartbeatTable: "ops.heartbeat",
            createHeartbeatTable: false, tls: .prefer))
        let bad = ConfigFile.parse(Self.base + """
              - { data: session-state, from: ny, to: ld, mode: async, postgres: { primary: "127.0.0.1:5432", standby: "127.0.0.1:5433", heartbeat_table: "hb; DROP TABLE x", tls: maybe } }
              - { data: session-state, from: ld, to: ny, mode: async, postgres: { primary: "a:1", standby: "b:2" }, redis: { master: "a:1", replica: "b:2" } }
            """, file: "lab.yaml", folder: "/nonexistent")
        guard case .failure(let invalid) = bad else {
            Issue.record("a bad postgres: block was accepted")
            return
        }
        let text = invalid.description
        #expect(text.contains("replication[1].postgres.heartbeat_table: must be a plain table name"))
        #expect(text.contains("replication[1].postgres.tls:"))
        #expect(text.contains("replication[2].postgres: a link is measured one way: give `redis:` or `postgres:`, not both"))
    }

    @Test("a postgres: link's ca: file:PATH (relative to the configuration) implies tls: require; a CA with tls: disable, not as file:, or unreadable is refused")
    func postgresCA() throws {
        let dir = TemporaryDirectory()
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: dir.file("ca.crt"), atomically: true, encoding: .utf8)
        let good = try ConfigFile.parse(Self.base + """
              - { data: session-state, from: ny, to: ld, mode: async, postgres: { primary: "a:1", standby: "b:2", ca: "file:ca.crt" } }
            """, file: "lab.yaml", folder: dir.path).get()
        let check = try #require(good.linkChecks.first?.kind as? PostgresLinkCheck)
        #expect(check.tls == .require && check.caFile == dir.file("ca.crt"))
        let bad = ConfigFile.parse(Self.base + """
              - { data: session-state, from: ny, to: ld, mode: async, postgres: { primary: "a:1", standby: "b:2", ca: "file:ca.crt", tls: disable } }
              - { data: session-state, from: ld, to: ny, mode: async, postgres: { primary: "a:1", standby: "b:2", ca: "/etc/ssl/ca.pem" } }
              - { data: registry, from: ny, to: ld, mode: async, postgres: { primary: "a:1", standby: "b:2", ca: "file:/nonexistent/ca.pem" } }
            """, file: "lab.yaml", folder: dir.path)
        guard case .failure(let invalid) = bad else {
            Issue.record("a bad ca: was accepted")
            return
        }
        let text = invalid.description
        #expect(text.contains("replication[1].postgres.ca: a CA verifies the server's certificate, which only tls: require does; tls is disable"), "\(text)")
        #expect(text.contains("replication[2].postgres.ca: give the CA certificate as file:PATH (PEM), got '/etc/ssl/ca.pem'"), "\(text)")
        #expect(text.contains("replication[3].postgres.ca: cannot read the CA certificate /nonexistent/ca.pem"), "\(text)")
    }
}
