import Testing
import WarRoomModel
import WarRoomProbes

/// A peer that takes the connection and never answers is hung: what it holds
/// is unknown from the first such round, whatever the other end last heard.
/// A peer that refuses is disconnected; a full resync is catching up.
@Suite("Hung is not dead, syncing is not disconnected")
struct HungPeerTests {
    static let hung = PostgresFailure("127.0.0.1:5433 does not answer within 1.5 s", timedOut: true)

    @Test("PostgreSQL: a hung standby is unknown though the primary still lists it streaming")
    func postgresHungStandby() {
        let reading = PostgresLinkReading.judge(primary: .success(PostgresLinkReadingTests.primary), standby: .failure(Self.hung),
                                                applicationName: "london")
        #expect(reading.state == .unknown)
        #expect(reading.detail == "the standby 127.0.0.1:5433 does not answer within 1.5 s")
    }

    @Test("PostgreSQL: a hung primary is unknown though the standby's receiver still says streaming")
    func postgresHungPrimary() {
        var receiver = PostgresLinkReadingTests.standby
        receiver.receiverStatus = "streaming"
        let reading = PostgresLinkReading.judge(primary: .failure(Self.hung), standby: .success(receiver), applicationName: "london")
        #expect(reading.state == .unknown)
        #expect(reading.detail.hasPrefix("the primary 127.0.0.1:5433 does not answer within 1.5 s"))
    }

    @Test("PostgreSQL: a primary that refuses leaves the standby's receiver as the word on the link")
    func postgresRefusedPrimary() {
        var receiver = PostgresLinkReadingTests.standby
        receiver.receiverStatus = "streaming"
        let reading = PostgresLinkReading.judge(primary: .failure(PostgresFailure("127.0.0.1:5432: connection refused")),
                                                standby: .success(receiver), applicationName: "london")
        #expect(reading.state == .streaming)
    }

    static let master = RedisReplicationInfo.parse("""
        role:master
        master_repl_offset:5000
        slave0:ip=127.0.0.1,port=6380,state=online,offset=5000,lag=0
        """)

    @Test("Redis: a hung replica is unknown, a replica that refuses is disconnected, a hung master makes the link unknown")
    func redisHung() {
        let hung = RedisFailure("127.0.0.1:6380 does not answer within 1.5 s", timedOut: true)
        let frozen = RedisLinkReading.judge(master: .success(Self.master), replica: .failure(hung), replicaPort: 6380)
        #expect(frozen.state == .unknown && frozen.detail == "the replica 127.0.0.1:6380 does not answer within 1.5 s")
        let refused = RedisLinkReading.judge(master: .success(Self.master),
                                             replica: .failure(RedisFailure("connection refused by 127.0.0.1:6380")), replicaPort: 6380)
        #expect(refused.state == .disconnected)
        let replica = RedisReplicationInfo.parse("role:slave\nmaster_link_status:up\nslave_repl_offset:5000\nmaster_sync_in_progress:0\n")
        let masterHung = RedisLinkReading.judge(master: .failure(RedisFailure("127.0.0.1:6379 does not answer within 1.5 s", timedOut: true)),
                                                replica: .success(replica), replicaPort: 6380)
        #expect(masterHung.state == .unknown && masterHung.lagBytes == nil)
        #expect(masterHung.detail.hasSuffix("; the master 127.0.0.1:6379 does not answer within 1.5 s"))
    }

    @Test("Redis: a replica in its first full sync is catching up with its progress, not 'never connected'")
    func redisFullSync() {
        let diskless = RedisReplicationInfo.parse("""
            role:slave
            master_link_status:down
            master_sync_in_progress:1
            master_link_down_since_seconds:-1
            slave_repl_offset:-1
            master_sync_total_bytes:-1
            master_sync_read_bytes:1048576
            master_sync_left_bytes:-1048577
            """)
        let reading = RedisLinkReading.judge(master: .success(Self.master), replica: .success(diskless), replicaPort: 6380)
        #expect(reading.state == .catchingUp)
        #expect(reading.detail == "full sync in progress: 1.0 MiB received (size unknown: diskless)")
        var sized = diskless
        sized.syncTotalBytes = 4 * 1_048_576
        #expect(RedisLinkReading.syncProgress(sized) == "1.0 MiB of 4.0 MiB (25.0 %)")
    }
}
