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
    private var sites = TrackedTable(table: "site", order: "position, id", key: { $0["id"] },
                                     place: { $0["position"] }, decode: SnapshotQueries.site)
    private var checks = TrackedTable(table: "health_check", order: "site_id, service_id",
                                      key: { ($0["site_id"] as String) + "\u{1F}" + ($0["service_id"] as String) },
                                      place: { _ in 0 }, decode: SnapshotQueries.healthCheck)
    private var links = TrackedTable(table: "replication_link", order: "position, id", key: { $0["id"] },
                                     place: { $0["position"] }, decode: SnapshotQueries.link)
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
        let key = "\(limit):" + (0..<4).map { "\(stamp?[$0] as Int64? ?? -1)" }.joined(separator: ":")
        if let drillsRead, drillsRead.key == key { return (drillsRead.finished, drillsRead.unreadable, drillsRead.running) }
        let stored = try Row.fetchAll(db, sql: """
            SELECT result FROM drill WHERE ended_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?
            """, arguments: [limit])
        let finished = stored.compactMap { StoredJSON.decodeValue(DrillResult.self, $0["result"]) }
        let running = try Row.fetchAll(db, sql: "SELECT id, scenario, started_at FROM drill WHERE ended_at IS NULL ORDER BY id")
            .map { RunningDrill(id: $0["id"], scenario: $0["scenario"], startedAt: $0["started_at"]) }
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

    /// Brings the rows up to what `db` holds and writes them into `snapshot`.
    mutating func read(_ db: Database, into snapshot: inout CacheSnapshot) throws {
        let now = try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM change_clock WHERE id = 1")) ?? 0
        if now != revision {
            try sites.refresh(db, since: revision)
            try checks.refresh(db, since: revision)
            try links.refresh(db, since: revision)
            revision = now
        } else {
            // Deleting stamps nothing: a row gone shows in the counts.
            try sites.refreshIfCountChanged(db)
            try checks.refreshIfCountChanged(db)
            try links.refreshIfCountChanged(db)
        }
        snapshot.sites = sites.values
        snapshot.healthChecks = checks.values
        snapshot.links = links.values
    }
}

/// One table's rows in order, with where each row is, kept up to date by revision.
struct TrackedTable<Value> {
    let table: String
    let order: String
    let key: (Row) -> String
    /// The row's place in the order beyond its key (its configured position).
    let place: (Row) -> Int
    let decode: (Row) -> Value
    private(set) var values: [Value] = []
    private var slots: [String: (index: Int, place: Int)] = [:]

    init(table: String, order: String, key: @escaping (Row) -> String, place: @escaping (Row) -> Int,
         decode: @escaping (Row) -> Value) {
        self.table = table
        self.order = order
        self.key = key
        self.place = place
        self.decode = decode
    }

    mutating func refresh(_ db: Database, since revision: Int64?) throws {
        guard let revision, try count(db) == values.count else { return try readWhole(db) }
        var changed: [(index: Int, value: Value)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM \(table) WHERE revision > ?"),
                                       arguments: [revision])
        while let row = try rows.next() {
            guard let slot = slots[key(row)], slot.place == place(row) else { return try readWhole(db) }
            changed.append((slot.index, decode(row)))
        }
        for (index, value) in changed { values[index] = value }
    }

    mutating func refreshIfCountChanged(_ db: Database) throws {
        if try count(db) != values.count { try readWhole(db) }
    }

    private func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(table)")) ?? 0
    }

    private mutating func readWhole(_ db: Database) throws {
        values = []
        slots = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM \(table) ORDER BY \(order)"))
        while let row = try rows.next() {
            slots[key(row)] = (values.count, place(row))
            values.append(decode(row))
        }
    }
}
