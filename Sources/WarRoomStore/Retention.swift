import GRDB
import WarRoomModel

/// Prunes time-series samples older than the retention window, one series at
/// a time so every delete is a range scan on the primary key. Raw samples may
/// have a shorter window than the history kept of them (state changes,
/// per-minute roll-ups).
enum Retention {
    static func prune(_ db: Database, before cutoff: EpochMillis, historyBefore historyCutoff: EpochMillis) throws -> Int {
        let series = try Row.fetchAll(db, sql: "SELECT DISTINCT site_id, service_id FROM health_check")
            .map { (site: try $0.decode(forColumn: "site_id") as String, service: try $0.decode(forColumn: "service_id") as String) }
        var deleted = try pruneHealth("health_sample", timeColumn: "observed_at", before: cutoff, series: series, in: db)
        deleted += try pruneHealth("health_change", timeColumn: "at", before: historyCutoff, series: series, in: db)
        deleted += try pruneHealth("health_rollup", timeColumn: "minute", before: historyCutoff, series: series, in: db)
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

    /// Rows of a per-check table older than `cutoff`, series by series; rows of
    /// checks no longer watched go too.
    private static func pruneHealth(_ table: String, timeColumn: String, before cutoff: EpochMillis,
                                    series: [(site: String, service: String)], in db: Database) throws -> Int {
        var deleted = 0
        for (site, service) in series {
            try db.execute(sql: "DELETE FROM \(table) WHERE site_id = ? AND service_id = ? AND \(timeColumn) < ?",
                           arguments: [site, service, cutoff])
            deleted += db.changesCount
        }
        try db.execute(sql: """
            DELETE FROM \(table) WHERE \(timeColumn) < ? AND (site_id, service_id) NOT IN
                (SELECT site_id, service_id FROM health_check)
            """, arguments: [cutoff])
        return deleted + db.changesCount
    }
}
