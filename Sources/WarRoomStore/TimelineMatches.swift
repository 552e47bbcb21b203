import GRDB
import WarRoomModel

/// The events of one incident's timeline that match one filter, in timeline
/// order, kept by a reader: a filter over a million events scans them once,
/// then each refresh scans only the events written since (a range of row
/// ids), so the filtered timeline pages as the whole one does.
///
/// Events are only appended while an incident is open; when its count of
/// events says some went (a cascade, a hand-made delete), the matches are
/// found again from scratch.
struct TimelineMatches {
    let incident: String
    let filter: ListQueries.Filter
    /// Matching events as (time, id), in timeline order (oldest first).
    private(set) var events: [(at: EpochMillis, id: Int64)] = []
    /// The highest event id looked at, of any incident.
    private var lastID: Int64 = 0
    /// The incident's count of events when last brought up to date.
    private var counted = 0

    /// Matches of `filter` on `incident`'s timeline as `db` holds it now,
    /// from `known` when it is for the same incident and filter.
    static func current(_ db: Database, incident: String, filter: ListQueries.Filter,
                        known: TimelineMatches?) throws -> TimelineMatches {
        let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT event_count FROM incident WHERE id = ?"),
                                     arguments: [incident]) ?? 0
        if var matches = known, matches.incident == incident, matches.filter == filter {
            // `+incident_id`: a range of row ids, not the incident's index over its million events.
            let added = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM timeline_event WHERE id > ? AND +incident_id = ?
                """), arguments: [matches.lastID, incident]) ?? 0
            if matches.counted + added == count {
                try matches.scan(db, after: matches.lastID)
                matches.counted = count
                return matches
            }
        }
        var matches = TimelineMatches(incident: incident, filter: filter)
        try matches.scan(db, after: 0)
        matches.counted = count
        return matches
    }

    private mutating func scan(_ db: Database, after id: Int64) throws {
        let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM timeline_event")) ?? 0
        guard newest > id else { return }
        // After a known id: a range of row ids (`+incident_id` keeps the planner off the
        // incident's index, which would walk every event), put in order here.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT at, id FROM timeline_event WHERE id > ? AND id <= ? AND +incident_id = ? AND \(filter.sql)
            """), arguments: [id, newest, incident] + filter.arguments)
        var found: [(at: EpochMillis, id: Int64)] = []
        while let row = try rows.next() { found.append((try row.decode(atIndex: 0), try row.decode(atIndex: 1))) }
        found.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        let inOrder = events.last.map { last in found.first.map { ($0.at, $0.id) > (last.at, last.id) } ?? true } ?? true
        events += found
        if !inOrder { events.sort { ($0.at, $0.id) < ($1.at, $1.id) } }
        lastID = newest
    }
}
