import Logging
import PostgresNIO
import WarRoomModel

/// The statements the PostgreSQL probe sends. Every value is cast in SQL to
/// the type decoded here; none is `coalesce`d, so a NULL stays unknown.
enum PostgresQueries {
    static func primaryReport(_ connection: PostgresConnection, logger: Logger, heartbeatTable: String?,
                              create: Bool, at instant: EpochMillis) async throws -> PostgresPrimaryReport {
        var heartbeatWrittenAt: EpochMillis?
        var heartbeatProblem: String?
        let inRecovery = try await isInRecovery(connection, logger: logger)
        if let table = heartbeatTable, !inRecovery {
            var step = "write"
            do {
                // Look before creating: CREATE TABLE IF NOT EXISTS checks CREATE on the schema even when
                // the table is there, which a least-privileged monitoring role rightly lacks.
                if create, try await !tableExists(table, connection, logger: logger) {
                    step = "create"
                    try await connection.query(PostgresQuery(unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(table) (id integer PRIMARY KEY, written_at_ms bigint NOT NULL)
                        """), logger: logger)
                    step = "write"
                }
                var binds = PostgresBindings()
                binds.append(instant)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO \(table) (id, written_at_ms) VALUES (1, $1)
                    ON CONFLICT (id) DO UPDATE SET written_at_ms = EXCLUDED.written_at_ms
                    """, binds: binds), logger: logger)
                heartbeatWrittenAt = instant
            } catch {
                heartbeatProblem = heartbeatRefusal(error, table: table, step: step)
            }
        }
        guard !inRecovery else {
            return PostgresPrimaryReport(inRecovery: true, current: nil, standbys: [])
        }
        // The current position is read after the heartbeat, so it includes it.
        var current: WALPosition?
        for try await text in try await connection.query("SELECT pg_current_wal_lsn()::text", logger: logger).decode(String?.self) {
            current = text.flatMap(WALPosition.init)
        }
        let rows = try await connection.query("""
            SELECT application_name, client_addr::text, state,
                   sent_lsn::text, write_lsn::text, flush_lsn::text, replay_lsn::text,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), sent_lsn)::int8,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), write_lsn)::int8,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::int8,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::int8,
                   extract(epoch FROM write_lag)::float8,
                   extract(epoch FROM flush_lag)::float8,
                   extract(epoch FROM replay_lag)::float8
            FROM pg_stat_replication ORDER BY application_name, pid
            """, logger: logger)
        var standbys: [StandbyRow] = []
        for try await row in rows {
            let (name, address, state, sent, write, flush, replay, sentLag, writeLag, flushLag, replayLag,
                 writeSeconds, flushSeconds, replaySeconds) =
                try row.decode((String?, String?, String?, String?, String?, String?, String?, Int64?, Int64?, Int64?,
                                Int64?, Double?, Double?, Double?).self)
            standbys.append(StandbyRow(
                applicationName: name ?? "", clientAddress: address, state: state,
                sent: sent.flatMap(WALPosition.init), write: write.flatMap(WALPosition.init),
                flush: flush.flatMap(WALPosition.init), replay: replay.flatMap(WALPosition.init),
                sentLagBytes: sentLag, writeLagBytes: writeLag, flushLagBytes: flushLag, replayLagBytes: replayLag,
                writeLagSeconds: writeSeconds, flushLagSeconds: flushSeconds, replayLagSeconds: replaySeconds))
        }
        return PostgresPrimaryReport(inRecovery: false, current: current, standbys: standbys,
                                     heartbeatWrittenAt: heartbeatWrittenAt, heartbeatProblem: heartbeatProblem)
    }

    static func standbyReport(_ connection: PostgresConnection, logger: Logger,
                              heartbeatTable: String?) async throws -> PostgresStandbyReport {
        let rows = try await connection.query("""
            SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text,
                   CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END,
                   (SELECT status FROM pg_stat_wal_receiver LIMIT 1),
                   CASE WHEN NOT pg_is_in_recovery() THEN pg_current_wal_lsn()::text END
            """, logger: logger)
        var report = PostgresStandbyReport(inRecovery: true)
        for try await (inRecovery, received, replayed, paused, receiver, current)
            in rows.decode((Bool, String?, String?, Bool?, String?, String?).self) {
            report = PostgresStandbyReport(
                inRecovery: inRecovery, received: received.flatMap(WALPosition.init),
                replayed: replayed.flatMap(WALPosition.init), replayPaused: paused, receiverStatus: receiver,
                current: current.flatMap(WALPosition.init))
        }
        if let table = heartbeatTable {
            do {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT written_at_ms FROM \(table) WHERE id = 1"), logger: logger)
                for try await at in rows.decode(Int64.self) {
                    switch OutsideNumber.check(at) {
                    case .success(let instant): report.heartbeatAt = instant
                    case .failure(let problem): report.heartbeatProblem = "the heartbeat read back is \(problem)"
                    }
                }
                if report.heartbeatAt == nil && report.heartbeatProblem == nil {
                    report.heartbeatProblem = "no heartbeat has reached the standby yet"
                }
            } catch where PostgresSession.isUndefinedTable(error) {
                report.heartbeatProblem = "the heartbeat table has not reached the standby yet"
            }
        }
        return report
    }

    /// Whether `table` (as quoted in SQL) exists and this role can see it.
    static func tableExists(_ table: String, _ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(table)
        var exists = false
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT to_regclass($1) IS NOT NULL", binds: binds),
                                              logger: logger)
        for try await value in rows.decode(Bool.self) { exists = value }
        return exists
    }

    /// Why the heartbeat could not be written, naming the grant that is missing.
    static func heartbeatRefusal(_ error: Error, table: String, step: String) -> String {
        let server = PostgresSession.describe(error)
        guard (error as? PSQLError)?.serverInfo?[.sqlState] == "42501" else {
            return "the primary refused the heartbeat: \(server)"
        }
        if step == "create" {
            return "the heartbeat table \(table) is missing and the agent's role may not create it (\(server)): "
                + "create it as the README shows (with SELECT, INSERT, UPDATE granted), or grant CREATE on its schema"
        }
        return "the primary refused the heartbeat (\(server)): grant SELECT, INSERT, UPDATE ON \(table) to the agent's role"
    }

    private static func isInRecovery(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var inRecovery = false
        for try await value in try await connection.query("SELECT pg_is_in_recovery()", logger: logger).decode(Bool.self) {
            inRecovery = value
        }
        return inRecovery
    }
}
