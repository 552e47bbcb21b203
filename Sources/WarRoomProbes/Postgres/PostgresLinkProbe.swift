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
    private let lock = NSLock()
    private var lastPrimary: (at: EpochMillis, position: StreamPosition)?
    /// The standby's last position while it still replicated: once promoted,
    /// the data at risk stays what the promotion left behind.
    private var lastStandby: StreamPosition?

    public init(linkID: String, check: PostgresLinkCheck, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.postgres"), now: @escaping @Sendable () -> EpochMillis) {
        self.linkID = linkID
        self.check = check
        primary = PostgresSession(address: check.primary, user: check.user, database: check.database, tls: check.tls,
                                  group: group, logger: logger)
        standby = PostgresSession(address: check.standby, user: check.user, database: check.database, tls: check.tls,
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
        var password: String?
        if let reference = check.password {
            guard let secret = secrets(reference) else {
                return LinkMeasurement(observation: ReplicationObservation(linkID: linkID, state: .unknown, observedAt: instant),
                                       detail: "the password (\(reference)) is not available")
            }
            password = secret
        }
        let table = check.quotedHeartbeatTable
        let create = check.createHeartbeatTable
        let primaryReport = await primary.converse(password: password, timeout: timeout) { connection, logger in
            try await PostgresQueries.primaryReport(connection, logger: logger, heartbeatTable: table, create: create, at: instant)
        }
        var primaryNow: StreamPosition?
        if case .success(let report) = primaryReport, !report.inRecovery, let current = report.current {
            primaryNow = StreamPosition(heartbeatAt: report.heartbeatWrittenAt, bytes: Int64(clamping: current.bytes))
            lock.withLock { lastPrimary = (instant, primaryNow!) }
        }
        let standbyReport = await standby.converse(password: password, timeout: timeout) { connection, logger in
            try await PostgresQueries.standbyReport(connection, logger: logger, heartbeatTable: table)
        }
        let reading = PostgresLinkReading.judge(primary: primaryReport, standby: standbyReport,
                                                applicationName: check.applicationName)
        var standbyPosition: StreamPosition?
        switch standbyReport {
        case .success(let report) where report.inRecovery:
            standbyPosition = StreamPosition(heartbeatAt: report.heartbeatAt,
                                             bytes: report.replayed.map { Int64(clamping: $0.bytes) })
            lock.withLock { lastStandby = standbyPosition }
        case .success:
            standbyPosition = lock.withLock { lastStandby }
        case .failure:
            // The primary's word on what the standby replayed, when the standby itself is out of reach.
            standbyPosition = reading.row?.replay.map { StreamPosition(heartbeatAt: nil, bytes: Int64(clamping: $0.bytes)) }
        default:
            break
        }
        let seen = lock.withLock { lastPrimary }
        let observation = ReplicationObservation.measured(
            linkID: linkID, state: reading.state, at: instant, primary: seen?.position, primarySeenAt: seen?.at,
            primaryAnswersNow: primaryNow != nil, standby: standbyPosition)
        return LinkMeasurement(observation: observation, detail: reading.detail, standbyIsPrimary: reading.standbyIsPrimary)
    }
}
