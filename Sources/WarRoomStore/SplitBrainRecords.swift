import GRDB
import WarRoomModel

/// Split brains as the cache keeps them: one row per link, upserted every
/// round it holds; its start and its end written on the timelines of the
/// open incidents at either end.
enum SplitBrainRecords {
    static func write(_ brain: SplitBrain, in db: Database) throws {
        let holding = try Bool.fetchOne(db, sql: "SELECT ended_at IS NULL FROM split_brain WHERE link_id = ?",
                                        arguments: [brain.linkID]) ?? false
        if brain.endedAt == nil {
            // A split brain that held before (an agent restart) keeps its first instant.
            try db.execute(sql: """
                INSERT INTO split_brain (link_id, data_type, former_primary_site_id, promoted_site_id, since, seen_at,
                    former_primary_position, promoted_position, former_primary_only_bytes, promoted_only_bytes, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT(link_id) DO UPDATE SET data_type = excluded.data_type,
                    former_primary_site_id = excluded.former_primary_site_id, promoted_site_id = excluded.promoted_site_id,
                    since = CASE WHEN split_brain.ended_at IS NULL THEN min(split_brain.since, excluded.since) ELSE excluded.since END,
                    seen_at = excluded.seen_at, former_primary_position = excluded.former_primary_position,
                    promoted_position = excluded.promoted_position, former_primary_only_bytes = excluded.former_primary_only_bytes,
                    promoted_only_bytes = excluded.promoted_only_bytes, ended_at = NULL
                """, arguments: [brain.linkID, brain.dataType, brain.formerPrimarySiteID, brain.promotedSiteID, brain.since,
                                 brain.seenAt, brain.formerPrimaryPosition, brain.promotedPosition,
                                 brain.formerPrimaryOnlyBytes, brain.promotedOnlyBytes])
            if !holding { try onTimelines(brain, at: brain.seenAt, text: brain.sentence { name(of: $0, in: db) }, in: db) }
        } else if holding, let ended = brain.endedAt {
            try db.execute(sql: "UPDATE split_brain SET ended_at = ?, seen_at = ? WHERE link_id = ?",
                           arguments: [ended, ended, brain.linkID])
            let text = "Split brain over: \(brain.dataType) has one primary again (one end no longer answers as a primary); "
                + "check what each held before writing on"
            try onTimelines(brain, at: ended, text: text, in: db)
        }
    }

    /// The split brains that hold now, oldest first.
    static func holding(_ db: Database) throws -> [SplitBrain] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM split_brain WHERE ended_at IS NULL ORDER BY since, link_id")).map { row in
            SplitBrain(linkID: try row.decode(forColumn: "link_id"), dataType: try row.decode(forColumn: "data_type"), formerPrimarySiteID: try row.decode(forColumn: "former_primary_site_id"),
                       promotedSiteID: try row.decode(forColumn: "promoted_site_id"), since: try row.decode(forColumn: "since"), seenAt: try row.decode(forColumn: "seen_at"),
                       formerPrimaryPosition: try row.decode(forColumn: "former_primary_position"), promotedPosition: try row.decode(forColumn: "promoted_position"),
                       formerPrimaryOnlyBytes: try row.decode(forColumn: "former_primary_only_bytes"), promotedOnlyBytes: try row.decode(forColumn: "promoted_only_bytes"))
        }
    }

    private static func onTimelines(_ brain: SplitBrain, at instant: EpochMillis, text: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO timeline_event (incident_id, at, kind, actor, text)
            SELECT id, ?, 'detection', 'agent', ? FROM incident WHERE site_id IN (?, ?) AND status != 'resolved'
            """, arguments: [instant, text, brain.formerPrimarySiteID, brain.promotedSiteID])
    }

    private static func name(of siteID: String, in db: Database) -> String {
        (try? String.fetchOne(db, sql: "SELECT name FROM site WHERE id = ?", arguments: [siteID])) ?? siteID
    }
}
