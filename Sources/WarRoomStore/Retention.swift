import GRDB
import WarRoomModel

/// Prunes time-series samples older than the retention window, one series at
/// a time so every delete is a range scan on the primary key. Raw samples may
/// have a shorter window than the history kept of them (state changes,
/// per-minute roll-ups).
enum Retention {
    static func prune(_ db: Database, before cutoff: EpochMillis, historyBefore historyCutoff: EpochMillis) throws -> Int {
        var deleted = 0
        for table in ["health_change", "health_rollup"] {
            let column = table == "health_change" ? "at" : "minute"
            for series in try Row.fetchAll(db, sql: "SELECT DISTINCT site_id, service_id FROM health_check") {
                try db.execute(sql: "DELETE FROM \(table) WHERE site_id = ? AND service_id = ? AND \(column) < ?",
                               arguments: [series["site_id"] as String, series["service_id"] as String, historyCutoff])
                deleted += db.changesCount
            }
            try db.execute(sql: """
                DELETE FROM \(table) WHERE \(column) < ? AND (site_id, service_id) NOT IN (SELECT site_id, service_id FROM health_check)
                """, arguments: [historyCutoff])
            deleted += db.changesCount
        }
        let healthSeries = try Row.fetchAll(db, sql: "SELECT DISTINCT site_id, service_id FROM health_check")
        for series in healthSeries {
            try db.execute(
                sql: "DELETE FROM health_sample WHERE site_id = ? AND service_id = ? AND observed_at < ?",
                arguments: [series["site_id"] as String, series["service_id"] as String, cutoff])
            deleted += db.changesCount
        }
        // Samples of series that are no longer watched go too.
        try db.execute(sql: """
            DELETE FROM health_sample WHERE observed_at < ? AND (site_id, service_id) NOT IN
                (SELECT site_id, service_id FROM health_check)
            """, arguments: [cutoff])
        deleted += db.changesCount
        let linkIDs = try String.fetchAll(db, sql: "SELECT id FROM replication_link")
        for linkID in linkIDs {
            try db.execute(sql: "DELETE FROM replication_sample WHERE link_id = ? AND observed_at < ?",
                           arguments: [linkID, cutoff])
            deleted += db.changesCount
        }
        try db.execute(sql: """
            DELETE FROM replication_sample WHERE observed_at < ? AND link_id NOT IN (SELECT id FROM replication_link)
            """, arguments: [cutoff])
        deleted += db.changesCount
        return deleted
    }
}
