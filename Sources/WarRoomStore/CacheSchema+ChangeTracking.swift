import GRDB

extension CacheSchema {
    /// What lets a console refresh cost what changed rather than the size of
    /// the fleet, all kept by triggers so that no write path can forget them:
    ///
    /// - a revision stamped on every site, check and link a write inserts or
    ///   updates, from one counter, so a reader asks only for rows newer than
    ///   the last it saw;
    /// - the number of alerts in each state, and of events on each incident's
    ///   timeline, so no refresh counts ten thousand or a million rows;
    /// - an index in the alert queue's order over every alert, resolved ones
    ///   included, so the queue pages in SQL.
    static func addChangeTracking(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE change_clock (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                revision INTEGER NOT NULL
            );
            INSERT INTO change_clock (id, revision) VALUES (1, 0);
            """)
        let stamped = [("site", "id = NEW.id"),
                       ("health_check", "site_id = NEW.site_id AND service_id = NEW.service_id"),
                       ("replication_link", "id = NEW.id")]
        for (table, row) in stamped {
            let stamp = """
                UPDATE change_clock SET revision = revision + 1 WHERE id = 1;
                UPDATE \(table) SET revision = (SELECT revision FROM change_clock WHERE id = 1) WHERE \(row);
                """
            // The update trigger skips the trigger's own stamping (its revision changed).
            try db.execute(sql: """
                ALTER TABLE \(table) ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX \(table)_by_revision ON \(table)(revision);
                CREATE TRIGGER \(table)_stamped_on_insert AFTER INSERT ON \(table) BEGIN \(stamp) END;
                CREATE TRIGGER \(table)_stamped_on_update AFTER UPDATE ON \(table)
                    WHEN NEW.revision = OLD.revision BEGIN \(stamp) END;
                """)
        }
        try db.execute(sql: """
            CREATE TABLE alert_count (
                state TEXT PRIMARY KEY NOT NULL,
                n INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO alert_count (state, n) SELECT state, count(*) FROM alert GROUP BY state;
            CREATE TRIGGER alert_counted_on_insert AFTER INSERT ON alert BEGIN
                INSERT INTO alert_count (state, n) VALUES (NEW.state, 1) ON CONFLICT(state) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER alert_counted_on_delete AFTER DELETE ON alert BEGIN
                UPDATE alert_count SET n = n - 1 WHERE state = OLD.state;
            END;
            CREATE TRIGGER alert_counted_on_update AFTER UPDATE OF state ON alert WHEN NEW.state IS NOT OLD.state BEGIN
                UPDATE alert_count SET n = n - 1 WHERE state = OLD.state;
                INSERT INTO alert_count (state, n) VALUES (NEW.state, 1) ON CONFLICT(state) DO UPDATE SET n = n + 1;
            END;
            -- The queue's order: firing, acknowledged, silenced or inhibited, resolved; the most severe, the newest.
            CREATE INDEX alert_by_queue ON alert(
                (CASE state WHEN 'firing' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'resolved' THEN 3 ELSE 2 END),
                severity_rank DESC, starts_at DESC, fingerprint);
            ALTER TABLE incident ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
            UPDATE incident SET event_count = (SELECT count(*) FROM timeline_event WHERE incident_id = incident.id);
            CREATE TRIGGER timeline_counted_on_insert AFTER INSERT ON timeline_event BEGIN
                UPDATE incident SET event_count = event_count + 1 WHERE id = NEW.incident_id;
            END;
            CREATE TRIGGER timeline_counted_on_delete AFTER DELETE ON timeline_event BEGIN
                UPDATE incident SET event_count = event_count - 1 WHERE id = OLD.incident_id;
            END;
            """)
    }
}
