import GRDB

extension CacheSchema {
    /// The incident lifecycle: investigating → identified → mitigating →
    /// monitoring → resolved (an open incident was investigating, a mitigated
    /// one monitoring), and the scribe's and liaison's roles beside the commander's.
    static func addIncidentLifecycle(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE incident SET status = 'investigating' WHERE status = 'open';
            UPDATE incident SET status = 'monitoring' WHERE status = 'mitigated';
            ALTER TABLE incident ADD COLUMN scribe TEXT;
            ALTER TABLE incident ADD COLUMN liaison TEXT;
            """)
    }

    /// What an incident's review and a drill's result are made of: when each
    /// step started and ended, the data at risk at each promotion, each
    /// service's recovery stored when the incident resolves, how much of the
    /// RTO budget has been escalated, the drills' history, and the incident
    /// numbers handed out.
    static func addRecoveryAccountingAndDrills(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE plan_step ADD COLUMN started_at INTEGER;
            ALTER TABLE plan_step ADD COLUMN ended_at INTEGER;
            ALTER TABLE incident ADD COLUMN escalated_pct INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE incident ADD COLUMN escalated_at INTEGER;
            UPDATE incident SET escalated_at = (SELECT max(at) FROM timeline_event
                WHERE incident_id = incident.id AND kind = 'escalation');
            CREATE TABLE recovery_point (
                incident_id TEXT NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
                link_id TEXT NOT NULL,
                data_type TEXT NOT NULL,
                site_id TEXT NOT NULL,
                promoted_at INTEGER NOT NULL,
                rpo_s REAL NOT NULL,
                at_risk_s REAL,
                at_risk_bytes INTEGER,
                unknown_window_s REAL,
                PRIMARY KEY (incident_id, link_id)
            ) WITHOUT ROWID;
            CREATE TABLE service_recovery (
                incident_id TEXT NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
                service_id TEXT NOT NULL,
                service_name TEXT NOT NULL,
                tier INTEGER NOT NULL,
                rto_s REAL NOT NULL,
                site_id TEXT NOT NULL,
                detected_at INTEGER NOT NULL,
                restored_at INTEGER,
                position INTEGER NOT NULL,
                PRIMARY KEY (incident_id, service_id)
            ) WITHOUT ROWID;
            CREATE TABLE drill (
                id TEXT PRIMARY KEY NOT NULL,
                scenario TEXT NOT NULL,
                target TEXT NOT NULL,
                dry_run INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                incident_id TEXT,
                ended_at INTEGER,
                result TEXT
            );
            CREATE INDEX drill_by_end ON drill(ended_at);
            ALTER TABLE failover_plan ADD COLUMN drill TEXT;
            -- The last number handed out per kind of record, so the agent and an
            -- operator opening incidents at once never take the same one.
            CREATE TABLE id_counter (
                kind TEXT PRIMARY KEY NOT NULL,
                last INTEGER NOT NULL
            );
            -- The console rings its bell when an escalation is newer than the last it saw.
            CREATE TRIGGER incident_escalated AFTER INSERT ON timeline_event WHEN NEW.kind = 'escalation' BEGIN
                UPDATE incident SET escalated_at = max(coalesce(escalated_at, 0), NEW.at) WHERE id = NEW.incident_id;
            END;
            """)
    }
}
