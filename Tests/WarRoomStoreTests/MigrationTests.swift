import Foundation
import GRDB
import Testing
import WarRoomModel
import WarRoomTestSupport
@testable import WarRoomStore

@Suite("Cache schema migrations")
struct MigrationTests {
    @Test("an empty file becomes a current warroom cache")
    func emptyToCurrent() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("cache.sqlite")
        try CacheWriter(path: path).close()
        let db = try DatabaseQueue(path: path)
        let (applicationID, completed, journalMode, tables) = try db.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id"),
             try CacheSchema.migrator.completedMigrations(db),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")))
        }
        #expect(applicationID == CacheSchema.applicationID)
        #expect(completed == CacheSchema.migrationIdentifiers)
        #expect(journalMode == "wal")
        for table in ["site", "service", "health_check", "replication_link", "alert", "incident", "timeline_event",
                      "failover_plan", "plan_step", "approval", "audit_entry", "agent_heartbeat",
                      "health_sample", "replication_sample"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        // The reader accepts what the writer made.
        _ = try CacheReader(path: path).snapshot()
    }

    @Test("every earlier schema version upgrades to the current one and keeps its data",
          arguments: CacheSchema.migrationIdentifiers.indices.dropLast())
    func earlierToCurrent(versionIndex: Int) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("cache.sqlite")
        let identifier = CacheSchema.migrationIdentifiers[versionIndex]
        do {
            let db = try DatabaseQueue(path: path)
            try CacheSchema.migrator.migrate(db, upTo: identifier)
            try db.write { db in
                // v1 holds the domain: a site, an incident and its timeline must survive.
                try db.execute(sql: """
                    INSERT INTO site (id, name, location, role, capacity_pct, load_pct, position)
                    VALUES ('london', 'London', 'LD4', 'secondary', 80, 20, 0);
                    INSERT INTO incident (id, title, severity, status, impact_started_at, opened_at)
                    VALUES ('INC-0001', 'New York down', 'sev1', 'open', 1, 2);
                    INSERT INTO timeline_event (incident_id, at, kind, actor, text)
                    VALUES ('INC-0001', 3, 'note', 'alice', 'kept');
                    INSERT INTO alert (fingerprint, name, severity, severity_rank, state, summary, labels, annotations, starts_at)
                    VALUES ('fp1', 'SiteDown', 'critical', 2, 'firing', 'down', '{}', '{}', 4);
                    """)
            }
            try db.close()
        }
        // Reading an older cache is refused with a message until the writer upgrades it.
        #expect(throws: CacheError.self) { try CacheReader(path: path) }
        try CacheWriter(path: path).close()
        let snapshot = try CacheReader(path: path).snapshot()
        #expect(snapshot.sites.map(\.name) == ["London"])
        #expect(snapshot.openIncidents.map(\.id) == ["INC-0001"])
        // The counts the writer keeps from v9 on start from what the table held.
        let lists = try CacheReader(path: path).snapshot(limits: .review)
        #expect(lists.alertCounts == [.firing: 1] && lists.alertQueue.items.map(\.fingerprint) == ["fp1"])
        #expect(lists.timeline.total == 1 && lists.timeline.items.map(\.text) == ["kept"])
        let db = try DatabaseQueue(path: path)
        let (completed, note) = try db.read { db in
            (try CacheSchema.migrator.completedMigrations(db), try String.fetchOne(db, sql: "SELECT text FROM timeline_event"))
        }
        #expect(completed == CacheSchema.migrationIdentifiers)
        #expect(note == "kept")
    }

    @Test("a cache from a newer warroom is refused and not modified")
    func newerSchemaRefused() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("cache.sqlite")
        try CacheWriter(path: path).close()
        do {
            let db = try DatabaseQueue(path: path)
            try db.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            try db.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = CacheError.newerSchema(path: path, unknownMigrations: ["v99-from-the-future"])
        #expect(throws: expected) { try CacheWriter(path: path) }
        #expect(throws: expected) { try CacheReader(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(expected.description.contains("newer warroom"))
    }
}
