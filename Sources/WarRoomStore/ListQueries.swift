import GRDB
import WarRoomModel

/// The long lists, read a window at a time: the alert queue over every alert
/// and an incident's timeline, ordered, filtered and paged in SQL on indexes,
/// counted from what the writer's triggers keep. A read costs the window, not
/// the ten thousand alerts or the million events behind it.
enum ListQueries {
    /// The queue: firing, acknowledged, silenced or inhibited, resolved; then
    /// the most severe, the newest. The same expression as the `alert_by_queue` index.
    static let alertOrder = """
        (CASE state WHEN 'firing' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'resolved' THEN 3 ELSE 2 END), \
        severity_rank DESC, starts_at DESC, fingerprint
        """
    static let alertOrderReversed = """
        (CASE state WHEN 'firing' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'resolved' THEN 3 ELSE 2 END) DESC, \
        severity_rank, starts_at, fingerprint DESC
        """

    static func alertCounts(_ db: Database) throws -> [AlertState: Int] {
        var counts: [AlertState: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT state, n FROM alert_count WHERE n > 0")) {
            if let state = AlertState(rawValue: try row.decode(atIndex: 0)) { counts[state, default: 0] += try row.decode(atIndex: 1) }
        }
        return counts
    }

    static func alertQueue(_ db: Database, window: ListWindow, counts: [AlertState: Int],
                           maps: inout StoredMaps) throws -> ListPage<Alert> {
        let filter = Filter(window.filter, columns: ["name", "summary", "severity", "state", "site_id", "service_id", "labels"])
        let total = filter.isEmpty ? counts.values.reduce(0, +)
            : try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM alert WHERE \(filter.sql)"), arguments: filter.arguments) ?? 0
        return try page(db, window: window, total: total) { inOrder, limit, offset in
            try SnapshotQueries.rows(db, sql: """
                SELECT * FROM alert WHERE \(filter.sql) ORDER BY \(inOrder ? alertOrder : alertOrderReversed) LIMIT ? OFFSET ?
                """, arguments: filter.arguments + [limit, offset]).map { try SnapshotQueries.alert($0, maps: &maps) }
        }
    }

    /// A window of `incident`'s timeline, newest or oldest first. Filtered,
    /// the matches are kept in `matches` between reads (``TimelineMatches``):
    /// a million events are scanned once, not at every refresh.
    static func timeline(_ db: Database, incident: String, window: ListWindow,
                         matches: inout TimelineMatches?) throws -> ListPage<TimelineEvent> {
        let filter = Filter(window.filter, columns: ["text", "actor", "kind"])
        guard !filter.isEmpty else {
            matches = nil
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT event_count FROM incident WHERE id = ?"),
                                         arguments: [incident]) ?? 0
            let (newest, oldest) = ("at DESC, id DESC", "at, id")
            return try page(db, window: window, total: total) { inOrder, limit, offset in
                try SnapshotQueries.rows(db, sql: """
                    SELECT * FROM timeline_event WHERE incident_id = ?
                    ORDER BY \(inOrder == window.newestFirst ? newest : oldest) LIMIT ? OFFSET ?
                    """, arguments: [incident, limit, offset]).map(SnapshotQueries.timelineEvent)
            }
        }
        let found = try TimelineMatches.current(db, incident: incident, filter: filter, known: matches)
        matches = found
        return try page(db, window: window, total: found.events.count) { inOrder, limit, offset in
            // Positions in display order, from whichever end `page` reads.
            let count = found.events.count
            let positions = (offset..<(offset + limit)).map { inOrder ? $0 : count - 1 - $0 }
            let ids = positions.map { found.events[window.newestFirst ? count - 1 - $0 : $0].id }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let byID = Dictionary(try SnapshotQueries.rows(db, sql: "SELECT * FROM timeline_event WHERE id IN (\(marks))",
                                                           arguments: StatementArguments(ids))
                .map { ((try $0.decode(forColumn: "id") as Int64), try SnapshotQueries.timelineEvent($0)) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { byID[$0] }
        }
    }

    /// The rows of `window` in a list of `total` rows. A window past the
    /// middle is read from the other end (an offset costs a walk over the
    /// rows it skips), and a window past the end is moved back onto the last
    /// rows, so a list that shrank still shows its end.
    /// - parameter read: reads `limit` rows from `offset`, in the list's order when `true`, reversed when `false`.
    private static func page<T>(_ db: Database, window: ListWindow, total: Int,
                                read: (_ inOrder: Bool, _ limit: Int, _ offset: Int) throws -> [T]) throws -> ListPage<T> {
        let offset = max(0, min(window.offset, total - window.limit))
        let count = max(0, min(window.limit, total - offset))
        guard count > 0 else { return ListPage(offset: offset, items: [], total: total, window: window) }
        let items = offset > total / 2 ? Array(try read(false, count, total - offset - count).reversed())
            : try read(true, count, offset)
        return ListPage(offset: offset, items: items, total: total, window: window)
    }

    /// A filter as SQL, meaning what ``ListFilter`` means: any of `columns`
    /// contains the text (ASCII case-insensitive, `%` and `_` taken literally).
    struct Filter: Equatable {
        var sql = "1"
        var arguments: StatementArguments = []
        var isEmpty = true

        init(_ text: String, columns: [String]) {
            guard !text.isEmpty else { return }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            sql = "(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
            arguments = StatementArguments(Array(repeating: "%\(escaped)%", count: columns.count))
            isEmpty = false
        }
    }
}
