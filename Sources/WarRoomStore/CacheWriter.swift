import Foundation
import GRDB
import GRDBSQLite
import WarRoomModel

/// The agent's connection to the cache: the only writer of observations.
///
/// Opens (or creates) the file in WAL mode so readers never block it, applies
/// updates in one transaction per batch, and keeps the WAL bounded with
/// scheduled checkpoints and `journal_size_limit`.
public final class CacheWriter: Sendable {
    /// The WAL is truncated back to this size after a checkpoint.
    public static let journalSizeLimitBytes = 4 * 1024 * 1024

    public let path: String
    let dbQueue: DatabaseQueue
    /// Where new audit chain heads are anchored.
    public var anchorFile: AuditAnchorFile { AuditAnchorFile(cachePath: path) }

    /// Opens the cache at `path`, creating it (and its folder) when missing, and
    /// migrates it to this build's schema.
    ///
    /// - throws: ``CacheError`` when the file is not a warroom cache or was
    ///   written by a newer warroom; such a file is left untouched.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CacheError.isDirectory(path: path)
        }
        do {
            // Validate with a read-only look first: a foreign or newer file must not
            // even get its journal mode switched.
            if FileManager.default.fileExists(atPath: path) {
                var probe = Configuration()
                probe.readonly = true
                // Another process opening the file at the same moment may be
                // rebuilding its WAL index: wait for it as the writer would.
                probe.busyMode = .timeout(5)
                let reader = try DatabaseQueue(path: path, configuration: probe)
                try reader.read { db in
                    try CacheFile.validate(db, path: path, allowEmpty: true, requireCurrent: false)
                }
                try reader.close()
            }
            var config = Configuration()
            config.journalMode = .wal
            config.busyMode = .timeout(5)
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA journal_size_limit = \(CacheWriter.journalSizeLimitBytes)")
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                // Keep -wal and -shm when the agent stops: readers of other users, who
                // may not create files beside the cache, can then still open it.
                var persist: Int32 = 1
                sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            }
            dbQueue = try DatabaseQueue(path: path, configuration: config)
            try dbQueue.write { db in
                try CacheFile.validate(db, path: path, allowEmpty: true, requireCurrent: false)
            }
            try CacheSchema.migrator.migrate(dbQueue)
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Applies `updates` in one transaction: readers see all of them or
    /// none. The audit entries they append (mirrored decisions) are anchored after.
    public func apply(_ events: [AgentEvent]) throws {
        guard !events.isEmpty else { return }
        let entries = try dbQueue.write { db in
            try events.flatMap { try AgentEventSQL.apply($0, in: db) }
        }
        try anchorFile.append(entries)
    }

    /// A snapshot through the writer's own connection (the executor reads what it just wrote).
    public func snapshot(limits: SnapshotLimits = SnapshotLimits()) throws -> CacheSnapshot {
        try dbQueue.read { db in
            var memory = ReaderMemory()
            return try SnapshotQueries.snapshot(db, limits: limits, memory: &memory)
        }
    }

    /// True when some step may still move: pending, waiting for or holding an
    /// approval, or running, in a plan this site keeps (a mirrored plan moves
    /// where it is kept). One small query, so an idle agent reads no snapshot.
    public func hasStepsInFlight() throws -> Bool {
        let states = StepState.allCases.filter(\.isInFlight).map(\.rawValue)
        return try dbQueue.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM plan_step WHERE state IN (\(databaseQuestionMarks(count: states.count)))
                               AND plan_id IN (SELECT id FROM failover_plan WHERE kept_at IS NULL))
                """, arguments: StatementArguments(states)) ?? false
        }
    }

    /// Remembers the process group a running step's command leads, and its
    /// leader's start time, so an agent restarted while it runs can tell that it
    /// still runs (and not mistake a later process with the same number for it).
    public func recordProcessGroup(_ group: Int32, startTicks: Int64?, planID: String, stepNumber: Int) throws {
        try dbQueue.write { db in
            try db.execute(sql: "UPDATE plan_step SET process_group = ?, process_start_ticks = ? WHERE plan_id = ? AND number = ?",
                           arguments: [group, startTicks, planID, stepNumber])
        }
    }

    /// The agent's latest heartbeat, if any.
    public func heartbeat() throws -> AgentHeartbeat? {
        try dbQueue.read { db in try SnapshotQueries.heartbeat(db) }
    }

    /// What automatic failover may do, if a configured agent set it up.
    public func automation() throws -> Automation? {
        try dbQueue.read { db in try SnapshotQueries.automation(db) }
    }

    /// What a configured agent needs to go on where an earlier one stopped:
    /// the open incident of each site, the highest incident and plan numbers.
    public func existingRecords() throws -> (openIncidentOfSite: [String: String], incidents: Int, plans: Int,
                                             criticalSince: [String: [String: EpochMillis]]) {
        try dbQueue.read { db in
            var open: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, site_id FROM incident
                WHERE site_id IS NOT NULL AND status != 'resolved' ORDER BY opened_at
                """) {
                open[try row.decode(forColumn: "site_id")] = try row.decode(forColumn: "id")
            }
            // Each service whose last recorded change made it critical, and since when: an outage
            // that outlived the agent's restart began then, not at the restart.
            var critical: [String: [String: EpochMillis]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.site_id, c.service_id, c.at, c.state FROM health_change c
                WHERE c.at = (SELECT max(at) FROM health_change l WHERE l.site_id = c.site_id AND l.service_id = c.service_id)
                """) where (try row.decode(forColumn: "state") as String) == HealthState.critical.rawValue {
                critical[try row.decode(forColumn: "site_id"), default: [:]][try row.decode(forColumn: "service_id")] = try row.decode(forColumn: "at")
            }
            func highest(_ table: String, _ prefix: String) throws -> Int {
                try String.fetchAll(db, sql: "SELECT id FROM \(table)").compactMap { id in
                    id.hasPrefix(prefix) ? Int(id.dropFirst(prefix.count)) : nil
                }.max() ?? 0
            }
            return (open, try highest("incident", "INC-"), try highest("failover_plan", "PLAN-"), critical)
        }
    }

    /// Whether the incident is still open (not resolved): an outage after a resolve opens a new one.
    public func incidentIsOpen(_ incidentID: String) throws -> Bool {
        try dbQueue.read { db in
            try Bool.fetchOne(db, sql: "SELECT status != 'resolved' FROM incident WHERE id = ?", arguments: [incidentID]) ?? false
        }
    }

    /// Records the agent's heartbeat.
    public func beat(_ heartbeat: AgentHeartbeat) throws {
        try dbQueue.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO agent_heartbeat
                    (id, agent_name, pid, wall_at, clock_at, clock_speed, interval_s, started_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [heartbeat.agentName, heartbeat.processID, heartbeat.wallAt, heartbeat.clockAt,
                                 heartbeat.clockSpeed, heartbeat.intervalSeconds, heartbeat.startedAt])
        }
    }

    /// Copies the WAL into the database and truncates it. Returns false when a
    /// reader was in the way (the next scheduled checkpoint tries again).
    @discardableResult
    public func checkpoint() -> Bool {
        do {
            let result = try dbQueue.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            return result.walFrameCount == result.checkpointedFrameCount
        } catch {
            return false
        }
    }

    /// Deletes raw samples observed before `cutoff`, and state changes and
    /// per-minute roll-ups before `historyCutoff` (default: the same); returns how many rows.
    @discardableResult
    public func prune(samplesBefore cutoff: EpochMillis, historyBefore historyCutoff: EpochMillis? = nil) throws -> Int {
        try dbQueue.write { db in try Retention.prune(db, before: cutoff, historyBefore: historyCutoff ?? cutoff) }
    }

    /// Closes the connection (checkpointing the WAL when no reader holds it).
    public func close() throws {
        try dbQueue.close()
    }
}

extension CacheWriter {
    /// Runs raw SQL: for tests that need a cache no released agent would write.
    public func rawExecuteForTesting(_ sql: String) throws {
        try dbQueue.write { try $0.execute(sql: sql) }
    }
}
