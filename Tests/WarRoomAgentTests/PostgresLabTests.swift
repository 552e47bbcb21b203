import Foundation
import Logging
import PostgresNIO
import Testing
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

/// PostgreSQL replication measured on the lab's real primary and streaming
/// standby. Serialized: each test leaves the lab as it found it.
@Suite("PostgreSQL replication against the lab's primary and standby", .serialized, .enabled(if: Lab.shouldRun))
struct PostgresLabTests {
    let lab: Lab
    let check: PostgresLinkCheck

    init() throws {
        lab = try Lab()
        check = PostgresLinkCheck(
            primary: ServerAddress(host: "127.0.0.1", port: lab.port("PG_PRIMARY_PORT")),
            standby: ServerAddress(host: "127.0.0.1", port: lab.port("PG_STANDBY_PORT")),
            user: "postgres", applicationName: "london", heartbeatTable: "warroom_test_heartbeat")
    }

    func probe() -> PostgresLinkProbe {
        PostgresLinkProbe(linkID: "orders:new-york>london", check: check, now: { SystemClock().now })
    }

    /// Measures every `every` seconds until `done` holds or `seconds` pass; the last measurement.
    func measure(_ probe: PostgresLinkProbe, every: Double = 0.3, for seconds: Double = 15,
                 until done: (LinkMeasurement) -> Bool) async -> LinkMeasurement {
        var last = await bounded(probe)
        let deadline = Date().addingTimeInterval(seconds)
        while !done(last) && Date() < deadline {
            try? await Task.sleep(for: .seconds(every))
            last = await bounded(probe)
        }
        return last
    }

    /// One measurement, never waited for longer than the agent would (a stuck one fails the test, not CI).
    func bounded(_ probe: PostgresLinkProbe, timeout: Double = 2) async -> LinkMeasurement {
        await withinDeadline(timeout * 2 + 2) { await probe.measure(timeout: timeout) }
            ?? LinkMeasurement(observation: ReplicationObservation(linkID: probe.linkID, state: .unknown, observedAt: 0),
                               detail: "the probe did not return")
    }

    /// Runs one statement on the lab's server at `port`.
    func execute(_ sql: String, port: Int) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: "127.0.0.1", port: port, username: "postgres", password: nil, database: "postgres", tls: .disable),
            id: 1, logger: Logger(label: "lab-test"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "lab-test"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    @Test("a streaming standby: lag in bytes and seconds from the heartbeat, per-stage bytes and lag intervals in words")
    func streaming() async throws {
        let link = probe()
        let seen = await measure(link) { $0.observation.state == .streaming && $0.observation.lagSeconds != nil }
        let observation = seen.observation
        #expect(observation.state == .streaming, "\(seen.detail)")
        #expect(observation.lagSeconds.map { $0 < 3 } == true, "the heartbeat replayed on the standby is fresh")
        #expect(observation.lagBytes.map { $0 >= 0 } == true && observation.dataAtRiskBytes != nil)
        #expect(seen.detail.hasPrefix("streaming; behind: sent "), "\(seen.detail)")
        #expect(seen.detail.contains(" · replay "), "the replay stage is named: \(seen.detail)")
        #expect(!seen.standbyIsPrimary)
    }

    @Test("ca: file: is verify-full: the lab's CA measures over TLS; another CA, or the system's trust store alone, is refused and never falls back to plaintext")
    func verifiedTLS() async throws {
        func measured(caFile: String?, until trusted: Bool = false) async -> LinkMeasurement {
            var tlsCheck = check
            tlsCheck.tls = .require
            tlsCheck.caFile = caFile
            let probe = PostgresLinkProbe(linkID: "orders:new-york>london", check: tlsCheck, now: { SystemClock().now })
            return trusted ? await measure(probe, for: 8) { $0.observation.state == .streaming } : await bounded(probe)
        }
        let ca = try #require(lab.values["PG_CA_FILE"], "the lab names its CA")
        let trusted = await measured(caFile: ca, until: true)
        #expect(trusted.observation.state == .streaming, "\(trusted.detail)")
        for (caFile, why) in [(lab.values["PG_OTHER_CA_FILE"], "a CA that did not sign it"), (nil, "the system's trust store")] {
            let refused = await measured(caFile: caFile)
            #expect(refused.observation.state == .unknown, "\(why): \(refused.detail)")
            #expect(refused.detail.contains("TLS refused: the server's certificate is not signed by a trusted CA"), "\(why): \(refused.detail)")
        }
        let gone = await measured(caFile: "/nonexistent/ca.crt")
        #expect(gone.observation.state == .unknown && gone.detail.contains("the CA file /nonexistent/ca.crt cannot be read"), "\(gone.detail)")
    }

    @Test("replay paused on the standby while the primary writes: the data at risk grows past the RPO, and says why")
    func replayPaused() async throws {
        let link = probe()
        _ = await measure(link) { $0.observation.state == .streaming && $0.observation.lagSeconds != nil }
        let standby = lab.port("PG_STANDBY_PORT")
        let primary = lab.port("PG_PRIMARY_PORT")
        try await execute("CREATE TABLE IF NOT EXISTS lab_orders (id bigserial PRIMARY KEY, body text)", port: primary)
        try await execute("SELECT pg_wal_replay_pause()", port: standby)
        var paused = await bounded(link)
        let started = Date()
        while Date().timeIntervalSince(started) < 4.5 {
            try await execute("INSERT INTO lab_orders (body) SELECT repeat('x', 200) FROM generate_series(1, 500)", port: primary)
            try? await Task.sleep(for: .milliseconds(300))
            paused = await bounded(link)
        }
        try await execute("SELECT pg_wal_replay_resume()", port: standby)
        let risk = try #require(paused.observation.dataAtRiskSeconds, "\(paused.detail)")
        #expect(risk > 3.5, "heartbeats written on the primary are not replayed: \(risk) s")
        #expect((paused.observation.dataAtRiskBytes ?? 0) > 100_000, "rows written and not replayed count as bytes")
        #expect(paused.detail.contains("replay is paused on the standby"), "\(paused.detail)")
        let link3s = ReplicationLink(id: "orders:new-york>london", dataType: "orders", sourceSiteID: "new-york",
                                     targetSiteID: "london", mode: .async, rpoSeconds: 3, state: paused.observation.state,
                                     dataAtRiskSeconds: risk)
        #expect(link3s.rpoStatus == .breach, "against an RPO of 3 s")
        let resumed = await measure(link) { ($0.observation.dataAtRiskSeconds ?? 99) < 1.5 }
        #expect((resumed.observation.dataAtRiskSeconds ?? 99) < 1.5, "replay resumed, the standby catches up: \(resumed.detail)")
    }

    @Test("a least-privileged role writes the heartbeat to a table a DBA made, with no CREATE on the schema; a missing grant is named")
    func leastPrivilege() async throws {
        let primary = lab.port("PG_PRIMARY_PORT")
        for statement in [
            "DROP TABLE IF EXISTS lp_heartbeat",
            "CREATE TABLE lp_heartbeat (id integer PRIMARY KEY, written_at_ms bigint NOT NULL)",
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warroom_lp') THEN CREATE ROLE warroom_lp LOGIN; END IF; END $$",
            "GRANT pg_monitor TO warroom_lp",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "REVOKE CREATE ON SCHEMA public FROM warroom_lp",
            "GRANT SELECT, INSERT, UPDATE ON lp_heartbeat TO warroom_lp",
        ] { try await execute(statement, port: primary) }
        var leastCheck = check
        leastCheck.user = "warroom_lp"
        leastCheck.heartbeatTable = "lp_heartbeat"
        leastCheck.database = "postgres"
        let link = PostgresLinkProbe(linkID: "orders:new-york>london", check: leastCheck, now: { SystemClock().now })
        let streaming = await measure(link) { $0.observation.state == .streaming && $0.observation.lagSeconds != nil }
        #expect(streaming.observation.lagSeconds != nil, "the heartbeat is written and read: \(streaming.detail)")
        #expect(!streaming.detail.contains("refused the heartbeat"), "\(streaming.detail)")
        try await execute("REVOKE INSERT, UPDATE ON lp_heartbeat FROM warroom_lp", port: primary)
        let refused = await measure(link) { $0.detail.contains("refused the heartbeat") }
        #expect(refused.detail.contains(#"grant SELECT, INSERT, UPDATE ON "lp_heartbeat" to the agent's role"#), "\(refused.detail)")
        try await execute("DROP TABLE lp_heartbeat", port: primary)
    }

    @Test("a stopped standby is disconnected within three intervals, never lag 0; it streams again once started")
    func standbyStopped() async throws {
        let link = probe()
        _ = await measure(link) { $0.observation.state == .streaming }
        let lab = self.lab
        let stopped = try await offTheCooperativePool { lab.run("fail", "postgres-standby") }
        #expect(stopped)
        var states: [LinkState] = []
        var last = await bounded(link, timeout: 1)
        states.append(last.observation.state)
        for _ in 0..<2 where last.observation.state != .disconnected {
            try? await Task.sleep(for: .seconds(1))
            last = await bounded(link, timeout: 1)
            states.append(last.observation.state)
        }
        let started = try await offTheCooperativePool { lab.run("heal", "postgres-standby") }
        #expect(started)
        #expect(last.observation.state == .disconnected, "within three 1 s intervals: \(states)")
        #expect(last.observation.lagBytes == nil && last.observation.lagSeconds.map { $0 > 0 } != false)
        #expect(last.detail.hasPrefix("the primary lists no standby named 'london' in pg_stat_replication"), "\(last.detail)")
        let back = await measure(link, for: 30) { $0.observation.state == .streaming }
        #expect(back.observation.state == .streaming, "\(back.detail)")
    }
}
