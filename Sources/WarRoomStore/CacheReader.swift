import Foundation
import GRDB
import WarRoomModel

/// Bounds on what one snapshot reads, so a refresh costs the same on a cache
/// of a day or of a year.
public struct SnapshotLimits: Sendable, Equatable {
    public var topAlerts: Int
    public var incidents: Int
    public var plansPerIncident: Int
    /// The window of the alert queue to read (every alert, in queue order); `nil` skips the queue.
    public var alertQueue: ListWindow?
    /// The window of the active incident's timeline to read; `nil` skips it.
    public var timeline: ListWindow?
    /// How many finished drills to read, newest first; `nil` skips them.
    public var drills: Int?

    public init(topAlerts: Int = 5, incidents: Int = 10, plansPerIncident: Int = 5, alertQueue: ListWindow? = nil,
                timeline: ListWindow? = nil, drills: Int? = nil) {
        self.topAlerts = topAlerts
        self.incidents = incidents
        self.plansPerIncident = plansPerIncident
        self.alertQueue = alertQueue
        self.timeline = timeline
        self.drills = drills
    }

    /// What `warroom status` reads: current state only.
    public static let status = SnapshotLimits()

    /// What one console refresh reads besides the windows of the lists its
    /// screen shows; the sparklines' history is read apart, for what the
    /// screen shows (``CacheReader/history(links:sites:limit:)``).
    public static let console = SnapshotLimits(topAlerts: 10)

    /// Everything an incident review reads: the first 1,000 alerts in queue
    /// order and the oldest 1,000 events of the active incident's timeline.
    public static let review = SnapshotLimits(topAlerts: 10, alertQueue: ListWindow(limit: 1000),
                                              timeline: ListWindow(limit: 1000))
}

/// The console's side of the cache: one long-lived, read-only connection.
///
/// It keeps the sites, checks and links it read last and reads again only
/// the rows the writer changed since (``ReaderMemory``), and likewise the
/// samples behind sparklines (``SparklineMemory``). It never holds a
/// transaction open between reads (so the writer's checkpoints can always
/// reset the WAL) and tells cheaply whether anything changed through
/// `PRAGMA data_version`, which, unlike GRDB's observation, sees commits made
/// by other processes.
public final class CacheReader: Sendable {
    public let path: String
    private let dbQueue: DatabaseQueue
    private let memory = Guarded(ReaderMemory())
    private let sparklines = Guarded(SparklineMemory())

    /// Opens the cache at `path` read-only.
    ///
    /// - throws: ``CacheError`` naming the path when it is missing, a directory,
    ///   not an SQLite database, not a warroom cache, or of another schema version.
    public init(path: String) throws {
        self.path = path
        do {
            try CacheFile.checkReadablePath(path)
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(2)
            dbQueue = try DatabaseQueue(path: path, configuration: config)
            try dbQueue.read { db in
                try CacheFile.validate(db, path: path, allowEmpty: false, requireCurrent: true)
            }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// A number that changes whenever another connection commits to the cache.
    public func dataVersion() throws -> Int {
        do {
            return try dbQueue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Reads one consistent snapshot in a single read transaction.
    public func snapshot(limits: SnapshotLimits = SnapshotLimits()) throws -> CacheSnapshot {
        var previous: CacheSnapshot?
        return try snapshot(limits: limits, replacing: &previous)
    }

    /// Reads one consistent snapshot in a single read transaction, in place
    /// of `previous`.
    ///
    /// - parameter previous: the snapshot this reader returned last, handed
    ///   back by a caller done with it: the sites, checks and links a refresh
    ///   changed are then patched where they are instead of copied whole (a
    ///   fleet's thousand links at every refresh). `nil` after a read that
    ///   succeeds; as it was when the read fails.
    public func snapshot(limits: SnapshotLimits, replacing previous: inout CacheSnapshot?) throws -> CacheSnapshot {
        do {
            return try memory.withValue { memory in
                let released = memory.release(from: &previous)
                do {
                    let pending = try dbQueue.read { db in try SnapshotQueries.pendingSnapshot(db, limits: limits, memory: &memory) }
                    previous = nil
                    return pending.completed(applyingTo: &memory)
                } catch {
                    if released { memory.fill(&previous) }
                    throw error
                }
            }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// The newest `limit` samples behind the sparklines of these links and
    /// sites, oldest first, in one read transaction.
    public func history(links: Set<String>, sites: Set<String>, limit: Int) throws -> SparklineHistory {
        do {
            // The rows' measurement times come from what this reader holds, brought up to date in the
            // same transaction: asking the table again for each series on view cost more than the samples.
            return try sparklines.withValue { sparklines in
                try memory.withValue { rows in
                    try dbQueue.read { db in
                        try rows.refresh(db)
                        return try sparklines.history(db, links: links, sites: sites, limit: limit, rows: rows)
                    }
                }
            }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// The newest `limit` lag samples of a link, oldest first (for sparklines).
    public func linkHistory(linkID: String, limit: Int) throws -> [LinkSample] {
        do {
            return try dbQueue.read { db in try SnapshotQueries.linkHistory(db, linkID: linkID, limit: limit) }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// The newest `limit` minutes of a check's roll-ups and its state changes in
    /// them, oldest first: its history after the raw samples are gone.
    public func healthHistory(siteID: String, serviceID: String, minutes limit: Int) throws -> (minutes: [HealthMinute], changes: [HealthChange]) {
        do {
            return try dbQueue.read { db in
                let minutes = try Row.fetchAll(db, sql: """
                    SELECT * FROM health_rollup WHERE site_id = ? AND service_id = ? ORDER BY minute DESC LIMIT ?
                    """, arguments: [siteID, serviceID, limit]).reversed().map { row in
                    HealthMinute(minute: try row.decode(forColumn: "minute"), samples: try row.decode(forColumn: "samples"),
                                 worstState: HealthState(rawValue: try row.decode(forColumn: "worst_state")) ?? .unknown,
                                 lastState: HealthState(rawValue: try row.decode(forColumn: "last_state")) ?? .unknown,
                                 minLatencyMs: try row.decode(forColumn: "min_latency_ms"), maxLatencyMs: try row.decode(forColumn: "max_latency_ms"),
                                 lastLatencyMs: try row.decode(forColumn: "last_latency_ms"))
                }
                let since = minutes.first?.minute ?? .max
                let changes = try Row.fetchAll(db, sql: """
                    SELECT * FROM health_change WHERE site_id = ? AND service_id = ? AND at >= ? ORDER BY at
                    """, arguments: [siteID, serviceID, since]).map { row in
                    HealthChange(at: try row.decode(forColumn: "at"), state: HealthState(rawValue: try row.decode(forColumn: "state")) ?? .unknown, detail: try row.decode(forColumn: "detail"))
                }
                return (Array(minutes), changes)
            }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// The agent's latest heartbeat, if any (without reading a whole snapshot).
    public func heartbeat() throws -> AgentHeartbeat? {
        do {
            return try dbQueue.read { db in try SnapshotQueries.heartbeat(db) }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// The whole audit trail, oldest first.
    public func auditTrail() throws -> [AuditEntry] {
        do {
            return try dbQueue.read { db in try AuditQueries.trail(db) }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Every finished drill since `since` (all when `nil`), oldest first.
    ///
    /// - throws: ``DrillRecordError`` naming a drill whose stored result cannot be read.
    public func drillResults(since: EpochMillis? = nil) throws -> [DrillResult] {
        do {
            return try dbQueue.read { db in try DrillRecords.results(since: since, in: db) }
        } catch let error as DrillRecordError {
            throw error
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Everything a review of `incidentID` needs, read at `now`; `nil` when
    /// there is no such incident.
    public func incidentReview(_ incidentID: String, at now: EpochMillis) throws -> IncidentReview? {
        do {
            return try dbQueue.read { db in try ReviewRecords.review(of: incidentID, at: now, in: db) }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Drills started but never finished (stopped before their plan ended).
    public func unfinishedDrills() throws -> [String] {
        do {
            return try dbQueue.read { db in try String.fetchAll(db, sql: "SELECT id FROM drill WHERE ended_at IS NULL ORDER BY id") }
        } catch {
            throw CacheFile.cacheError(error, path: path)
        }
    }

    /// Closes the connection.
    public func close() throws {
        try dbQueue.close()
    }
}

/// What a reader remembers between reads (``ReaderMemory``,
/// ``SparklineMemory``), one read at a time.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
}
