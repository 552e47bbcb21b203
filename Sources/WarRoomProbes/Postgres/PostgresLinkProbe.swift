import Foundation
import Logging
import NIOCore
import NIOPosix
import WarRoomModel

/// Measures one PostgreSQL streaming-replication link a round at a time.
/// Each round it writes the agent's clock into the heartbeat table on the
/// primary and reads the primary's position and its `pg_stat_replication`
/// row for the standby, then reads the standby: whether it is in recovery,
/// what it has received and replayed, and the newest heartbeat it has
/// replayed — how stale it is in seconds. It remembers the last primary
/// position it saw, so the data at risk stops growing when the primary stops
/// answering while the standby's staleness keeps growing.
public final class PostgresLinkProbe: LinkProbe, @unchecked Sendable {
    public let linkID: String
    public let check: PostgresLinkCheck
    private let primary: PostgresSession
    private let standby: PostgresSession
    private let secrets: @Sendable (SecretReference) -> String?
    private let now: @Sendable () -> EpochMillis
    private let memory = LinkMemory()

    public init(linkID: String, check: PostgresLinkCheck, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.postgres"), now: @escaping @Sendable () -> EpochMillis) {
        self.linkID = linkID
        self.check = check
        primary = PostgresSession(address: check.primary, user: check.user, database: check.database, tls: check.tls, caFile: check.caFile,
                                  group: group, logger: logger)
        standby = PostgresSession(address: check.standby, user: check.user, database: check.database, tls: check.tls, caFile: check.caFile,
                                  group: group, logger: logger)
        self.secrets = secrets
        self.now = now
    }

    deinit {
        primary.close()
        standby.close()
    }

    public func measure(timeout: Double) async -> LinkMeasurement {
        let instant = now()
        let password: String?
        switch LinkPassword.resolve(check.password, secrets: secrets, linkID: linkID, at: instant) {
        case .missing(let unknown): return unknown
        case .given(let secret): password = secret
        }
        let table = check.quotedHeartbeatTable
        let create = check.createHeartbeatTable
        let primaryReport = await primary.converse(password: password, timeout: timeout) { connection, logger in
            try await PostgresQueries.primaryReport(connection, logger: logger, heartbeatTable: table, create: create, at: instant)
        }
        var primaryNow: StreamPosition?
        if case .success(let report) = primaryReport, !report.inRecovery, let current = report.current {
            let position = StreamPosition(heartbeatAt: report.heartbeatWrittenAt, bytes: Int64(clamping: current.bytes))
            primaryNow = position
            memory.primaryAnswered(position, at: instant)
        }
        let standbyReport = await standby.converse(password: password, timeout: timeout) { connection, logger in
            try await PostgresQueries.standbyReport(connection, logger: logger, heartbeatTable: table)
        }
        let reading = PostgresLinkReading.judge(primary: primaryReport, standby: standbyReport,
                                                applicationName: check.applicationName)
        var standbyPosition: StreamPosition?
        var both: BothPrimaries?
        switch standbyReport {
        case .success(let report) where report.inRecovery:
            let replicating = StreamPosition(heartbeatAt: report.heartbeatAt, bytes: report.replayed.map { Int64(clamping: $0.bytes) })
            standbyPosition = replicating
            memory.standbyReplicates(at: replicating)
        case .success(let report):
            memory.standbyPromoted()
            standbyPosition = memory.standbyBeforePromotion
            if case .success(let old) = primaryReport, !old.inRecovery {
                both = BothPrimaries(formerPrimary: old.current.map { Int64(clamping: $0.bytes) },
                                     promoted: report.current.map { Int64(clamping: $0.bytes) },
                                     fork: standbyPosition?.bytes, formerText: old.current?.description,
                                     promotedText: report.current?.description)
            }
        case .failure:
            // The primary's word on what the standby replayed, when the standby itself is out of reach.
            standbyPosition = reading.row?.replay.map { StreamPosition(heartbeatAt: nil, bytes: Int64(clamping: $0.bytes)) }
        }
        return memory.measurement(linkID: linkID, state: reading.state, at: instant, primaryAnswersNow: primaryNow != nil,
                                  standby: standbyPosition, detail: reading.detail, standbyIsPrimary: reading.standbyIsPrimary,
                                  bothPrimaries: both,
                                  oneEndNotPrimary: provesNotPrimary(primaryReport, isStandby: \.inRecovery)
                                      || provesNotPrimary(standbyReport, isStandby: \.inRecovery))
    }
}
