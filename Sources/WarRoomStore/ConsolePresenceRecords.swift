import Foundation
import GRDB
import WarRoomModel

/// The consoles as this cache keeps them: this site's own, written as each
/// reports to its agent, and other sites', replaced by each cluster read.
enum ConsolePresenceRecords {
    /// A console not heard from for this long is deleted (it reads as gone long before).
    static let prunedAfterSeconds = 60.0

    static func all(_ db: Database) throws -> [ConsolePresence] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM console_presence ORDER BY console_id")).map { row in
            ConsolePresence(consoleID: try row.decode(forColumn: "console_id"), operatorName: try row.decode(forColumn: "operator"), host: try row.decode(forColumn: "host"), siteID: try row.decode(forColumn: "site_id"),
                            screen: try row.decode(forColumn: "screen"),
                            confirming: (try row.decode(forColumn: "confirming") as String?).flatMap { try? JSONDecoder().decode(ConfirmingStep.self, from: Data($0.utf8)) },
                            seenAt: try row.decode(forColumn: "seen_at"))
        }
    }

    /// `report` from a console run by `operatorName`, heard now by this
    /// cache's agent (at the site its cluster state names, if any); a console
    /// leaving is forgotten. Consoles long silent are pruned.
    static func record(_ report: ConsoleReport, by operatorName: String, at now: EpochMillis, in db: Database) throws {
        try db.execute(sql: "DELETE FROM console_presence WHERE seen_at < ? OR console_id = ?",
                       arguments: [now - EpochMillis(prunedAfterSeconds * 1000), report.consoleID])
        guard !report.leaving else { return }
        let siteID = try String.fetchOne(db, sql: "SELECT site_id FROM cluster_state WHERE id = 1")
        try write(ConsolePresence(consoleID: report.consoleID, operatorName: operatorName, host: report.host, siteID: siteID,
                                  screen: report.screen, confirming: report.confirming, seenAt: now), in: db)
    }

    /// Other sites' consoles, as the cluster holds them now, in place of those held before.
    static func replaceOthers(_ consoles: [ConsolePresence], at siteID: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM console_presence WHERE site_id IS NOT NULL AND site_id != ?", arguments: [siteID])
        for console in consoles where console.siteID != siteID { try write(console, in: db) }
    }

    private static func write(_ console: ConsolePresence, in db: Database) throws {
        let confirming = try console.confirming.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try db.execute(sql: """
            INSERT OR REPLACE INTO console_presence (console_id, operator, host, site_id, screen, confirming, seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [console.consoleID, console.operatorName, console.host, console.siteID, console.screen, confirming,
                             console.seenAt])
    }

    /// This site's own consoles heard from lately, for its agent to publish to the cluster.
    static func own(at siteID: String, now: EpochMillis, in db: Database) throws -> [ConsolePresence] {
        ConsolePresence.present(try all(db).filter { $0.siteID == siteID }, now: now)
    }
}
