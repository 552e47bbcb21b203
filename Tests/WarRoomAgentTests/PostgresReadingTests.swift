import Testing
import WarRoomModel
import WarRoomProbes

@Suite("PostgreSQL WAL positions")
struct WALPositionTests {
    @Test("LSNs parse as the server prints them and count bytes across a segment and a 4 GiB boundary")
    func arithmetic() throws {
        let before = try #require(WALPosition("0/FFFFFFF8"))
        let after = try #require(WALPosition("1/10"))
        #expect(after.bytes(since: before) == 0x18, "crossing the high word is 24 bytes, not a wrap")
        #expect(before.bytes(since: after) == -0x18)
        // A 16 MiB segment boundary is just another byte.
        #expect(try #require(WALPosition("0/3000000")).bytes(since: try #require(WALPosition("0/2FFFFFF"))) == 1)
        #expect(WALPosition("16/B374D848")?.description == "16/B374D848")
        #expect(WALPosition("16/b374d848") == WALPosition("16/B374D848"))
        // After a promotion the new timeline's positions keep counting from where the old one ended.
        let switchPoint = try #require(WALPosition("0/5000060"))
        let onNewTimeline = try #require(WALPosition("0/50000D8"))
        #expect(onNewTimeline.bytes(since: switchPoint) == 0x78)
    }

    @Test("anything else than two hexadecimal halves is not a position", arguments: [
        "", "/", "0/", "/0", "0/0/0", "G/0", "0/123456789", "123456789/0", " 0/1", "0x1/2", "-1/0",
    ])
    func malformed(text: String) {
        #expect(WALPosition(text) == nil)
    }
}

@Suite("PostgreSQL replication judged from both ends")
struct PostgresLinkReadingTests {
    static let london = StandbyRow(
        applicationName: "london", clientAddress: "127.0.0.1", state: "streaming",
        sent: WALPosition("0/3000148"), write: WALPosition("0/3000148"), flush: WALPosition("0/3000148"),
        replay: WALPosition("0/3000110"), sentLagBytes: 0, writeLagBytes: 0, flushLagBytes: 0, replayLagBytes: 56,
        writeLagSeconds: 0.000_8, flushLagSeconds: 0.001_2, replayLagSeconds: nil)
    static let primary = PostgresPrimaryReport(inRecovery: false, current: WALPosition("0/3000148"),
                                               standbys: [london], heartbeatWrittenAt: 1_000)
    static let standby = PostgresStandbyReport(inRecovery: true, received: WALPosition("0/3000148"),
                                               replayed: WALPosition("0/3000110"), replayPaused: false,
                                               receiverStatus: "streaming", heartbeatAt: 900)

    @Test("a streaming standby: per-stage bytes behind, and a NULL lag interval shown as idle — not 0, not unknown")
    func streaming() {
        let reading = PostgresLinkReading.judge(primary: .success(Self.primary), standby: .success(Self.standby),
                                                applicationName: "london")
        #expect(reading.state == .streaming)
        #expect(reading.row == Self.london)
        #expect(reading.detail == "streaming; behind: sent 0 B · write 0 B · flush 0 B · replay 56 B; lag: write 1 ms · flush 1 ms · replay idle")
        #expect(!reading.standbyIsPrimary)
    }

    @Test("a configured standby with no row on the primary is disconnected, never lag 0")
    func noRow() {
        var alone = Self.primary
        alone.standbys = []
        let reading = PostgresLinkReading.judge(primary: .success(alone), standby: .failure(PostgresFailure("127.0.0.1:5433: cannot connect")),
                                                applicationName: "london")
        #expect(reading.state == .disconnected)
        #expect(reading.detail == "the primary lists no standby named 'london' in pg_stat_replication; the standby does not answer: 127.0.0.1:5433: cannot connect")
    }

    @Test("a standby that answers out of recovery has been promoted: the link no longer replicates")
    func promoted() {
        let reading = PostgresLinkReading.judge(primary: .failure(PostgresFailure("down")),
                                                standby: .success(PostgresStandbyReport(inRecovery: false)),
                                                applicationName: "london")
        #expect(reading.state == .disconnected && reading.standbyIsPrimary)
        #expect(reading.detail.hasPrefix("the standby is a primary now (promoted)"))
    }

    @Test("replay paused on the standby, catch-up, a hidden state and an unnamed row among several are each said")
    func nuances() {
        var paused = Self.standby
        paused.replayPaused = true
        #expect(PostgresLinkReading.judge(primary: .success(Self.primary), standby: .success(paused), applicationName: "london")
            .detail.hasSuffix("; replay is paused on the standby"))
        var catchingUp = Self.primary
        catchingUp.standbys[0].state = "catchup"
        #expect(PostgresLinkReading.judge(primary: .success(catchingUp), standby: .success(Self.standby), applicationName: nil).state == .catchingUp)
        var hidden = Self.primary
        hidden.standbys[0].state = nil
        let unknown = PostgresLinkReading.judge(primary: .success(hidden), standby: .success(Self.standby), applicationName: nil)
        #expect(unknown.state == .unknown && unknown.detail.contains("grant pg_monitor"))
        var two = Self.primary
        two.standbys.append(StandbyRow(applicationName: "singapore", state: "streaming"))
        let ambiguous = PostgresLinkReading.judge(primary: .success(two), standby: .success(Self.standby), applicationName: nil)
        #expect(ambiguous.state == .streaming, "the standby's own receiver still speaks")
        #expect(ambiguous.detail.contains("lists 2 standbys: name this one with application_name"))
    }

    @Test("with the primary out of reach, the standby's WAL receiver is the word on the link")
    func primaryGone() {
        var waiting = Self.standby
        waiting.receiverStatus = nil
        let reading = PostgresLinkReading.judge(primary: .failure(PostgresFailure("127.0.0.1:5432: cannot connect")),
                                                standby: .success(waiting), applicationName: "london")
        #expect(reading.state == .disconnected)
        #expect(reading.detail == "the standby has no WAL receiver; the primary does not answer: 127.0.0.1:5432: cannot connect")
    }
}

@Suite("A stuck probe does not hold its round")
struct DeadlineTests {
    @Test("work that never returns gives nil at the deadline; work in time gives its value")
    func deadline() async {
        let stuck: Int? = await withinDeadline(0.3) {
            await withCheckedContinuation { (_: CheckedContinuation<Int, Never>) in }  // never resumed
        }
        #expect(stuck == nil, "the caller goes on without the work")
        #expect(await withinDeadline(5) { 42 } == 42)
    }
}

@Suite("PostgreSQL TLS modes")
struct PostgresTLSModeTests {
    struct NoContext: Error {}

    @Test("tls: require never falls back to a connection in the clear when TLS cannot be set up; prefer may")
    func requireNeverDowngrades() throws {
        #expect(throws: NoContext.self) {
            try PostgresLinkCheck.TLSMode.require.postgresTLS(required: { _ in throw NoContext() })
        }
        #expect(try !PostgresLinkCheck.TLSMode.disable.postgresTLS(required: { _ in throw NoContext() }).isAllowed)
        #expect(try PostgresLinkCheck.TLSMode.require.postgresTLS().isEnforced, "the default context is made and enforced")
        #expect(try !PostgresLinkCheck.TLSMode.prefer.postgresTLS().isEnforced)
    }
}
