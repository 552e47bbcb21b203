import GRDB
import WarRoomModel

/// What a reader keeps between snapshots so a refresh reads what changed:
///
/// - the sites, checks and links it saw last, and the revision it saw them
///   at. The writer's triggers stamp every row they insert or update with a
///   new revision (``CacheSchema/addChangeTracking(_:)``), so the next read
///   asks only for rows stamped since: an agent's round touches seventy rows
///   of a fleet's two thousand, and a refresh reads those seventy. Whenever
///   the rows could have moved — a row is new or gone, or its place in the
///   order changed — the table is read whole again; a read never patches
///   what it cannot place;
/// - runbook step specs, decoded once;
/// - the timeline events that match the filter on view (``TimelineMatches``).
struct ReaderMemory {
    private var revision: Int64?
    private var sites = TrackedTable(table: "site", columns: "*", order: "position, id", key: { try $0.decode(forColumn: "id") },
                                     place: { try $0.decode(forColumn: "position") }, decode: SnapshotQueries.site)
    private var checks = TrackedTable(table: "health_check", columns: SnapshotQueries.healthCheckColumns,
                                      order: "site_id, service_id",
                                      key: { (try $0.decode(atIndex: 0) as String) + "\u{1F}" + (try $0.decode(atIndex: 1) as String) },
                                      place: { _ in 0 }, decode: SnapshotQueries.healthCheck)
    private var links = TrackedTable(table: "replication_link", columns: SnapshotQueries.linkColumns, order: "position, id",
                                     key: { try $0.decode(atIndex: 0) }, place: { try $0.decode(atIndex: 15) }, decode: SnapshotQueries.link)
    /// Runbook step specs by their stored text: each step's spec is read at
    /// every refresh and never changes once written.
    private var specs: [String: StepSpec?] = [:]
    /// The events of the active incident that match the timeline's filter.
    var timelineMatches: TimelineMatches?
    /// Alert labels and annotations decoded, by their stored text.
    var alertMaps = StoredMaps()
    /// The drills last read, with what they were read at: results are decoded
    /// again only when a drill started or finished since.
    private var drillsRead: (key: String, finished: [DrillResult], unreadable: Int, running: [RunningDrill])?

    /// The newest `limit` finished drills, how many of those cannot be read
    /// (the Drills screen says so; `warroom drill report` names them), and every running drill.
    mutating func drills(_ db: Database, limit: Int) throws -> (finished: [DrillResult], unreadable: Int, running: [RunningDrill]) {
        let stamp = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count(*), max(started_at), count(ended_at), max(ended_at) FROM drill
            """))
        let key = "\(limit):" + (try (0..<4).map { "\(try stamp?.decode(atIndex: $0) as Int64? ?? -1)" }).joined(separator: ":")
        if let drillsRead, drillsRead.key == key { return (drillsRead.finished, drillsRead.unreadable, drillsRead.running) }
        let stored = try Row.fetchAll(db, sql: """
            SELECT result FROM drill WHERE ended_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?
            """, arguments: [limit])
        let finished = try stored.compactMap { StoredJSON.decodeValue(DrillResult.self, try $0.decode(forColumn: "result")) }
        let running = try Row.fetchAll(db, sql: "SELECT id, scenario, started_at FROM drill WHERE ended_at IS NULL ORDER BY id")
            .map { RunningDrill(id: try $0.decode(forColumn: "id"), scenario: try $0.decode(forColumn: "scenario"), startedAt: try $0.decode(forColumn: "started_at")) }
        drillsRead = (key, finished, stored.count - finished.count, running)
        return (finished, stored.count - finished.count, running)
    }

    /// The spec stored as `text`, decoded once.
    mutating func spec(_ text: String?) -> StepSpec? {
        guard let text else { return nil }
        if let known = specs[text] { return known }
        if specs.count > 1000 { specs = [:] }
        let decoded = StoredJSON.decodeValue(StepSpec.self, text)
        specs[text] = decoded
        return decoded
    }

    /// What changed in the sites, checks and links since this memory's
    /// revision, read from `db` and not applied yet: a read that fails after
    /// this changes nothing.
    func rowChanges(_ db: Database) throws -> RowChanges {
        let now = try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM change_clock WHERE id = 1")) ?? 0
        // Deleting stamps nothing: when the revision did not move, a row gone shows in the counts.
        let countOnly = now == revision
        return RowChanges(revision: now, sites: try sites.changes(db, since: revision, countOnly: countOnly),
                          checks: try checks.changes(db, since: revision, countOnly: countOnly),
                          links: try links.changes(db, since: revision, countOnly: countOnly))
    }

    /// Applies what ``rowChanges(_:)`` read: in place, where no snapshot shares the rows.
    mutating func apply(_ changes: RowChanges) {
        sites.apply(changes.sites)
        checks.apply(changes.checks)
        links.apply(changes.links)
        revision = changes.revision
    }

    /// Brings the rows up to what `db` holds.
    mutating func refresh(_ db: Database) throws {
        apply(try rowChanges(db))
    }

    /// Writes the rows into `snapshot`.
    func fill(_ snapshot: inout CacheSnapshot) {
        snapshot.sites = sites.values
        snapshot.healthChecks = checks.values
        snapshot.links = links.values
    }

    /// Gives the rows back to a snapshot ``release(from:)`` took them from.
    func fill(_ snapshot: inout CacheSnapshot?) {
        guard var held = snapshot else { return }
        snapshot = nil
        fill(&held)
        snapshot = held
    }

    /// Takes the rows out of a snapshot this memory filled, if they are still
    /// the very arrays it holds, so that patching them needs no copy; says
    /// whether it did. ``fill(_:)`` gives them back.
    func release(from snapshot: inout CacheSnapshot?) -> Bool {
        guard var held = snapshot, sites.holds(held.sites), checks.holds(held.healthChecks), links.holds(held.links) else {
            return false
        }
        snapshot = nil
        (held.sites, held.healthChecks, held.links) = ([], [], [])
        snapshot = held
        return true
    }

    /// When each of these links was last measured, as `db` holds them
    /// (after ``refresh(_:)``); a link never measured or gone is left out.
    func linksMeasured(_ ids: Set<String>) -> [String: EpochMillis] {
        var measured: [String: EpochMillis] = [:]
        measured.reserveCapacity(ids.count)
        for id in ids {
            if let index = links.index(forKey: id), let at = links.values[index].observedAt { measured[id] = at }
        }
        return measured
    }

    /// Every site's checks as `db` holds them (after ``refresh(_:)``).
    var healthChecks: [HealthCheck] { checks.values }

    /// The sites', checks' and links' changes read by ``ReaderMemory/rowChanges(_:)``.
    struct RowChanges {
        var revision: Int64
        var sites: TrackedTable<Site>.Change
        var checks: TrackedTable<HealthCheck>.Change
        var links: TrackedTable<ReplicationLink>.Change
    }
}
