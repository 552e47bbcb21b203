import GRDB

extension CacheSchema {
    /// When a running step's process group leader started, so a reused pid is not taken for it.
    static func addProcessStart(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE plan_step ADD COLUMN process_start_ticks INTEGER;")
    }

    /// The failovers the configuration prepares, for their readiness.
    static func addConfiguredFailover(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE configured_failover (
                from_site_id TEXT PRIMARY KEY NOT NULL,
                to_site_id TEXT NOT NULL,
                runbook_name TEXT NOT NULL,
                runbook_hash TEXT NOT NULL,
                runbook_problem TEXT,
                approvers_required INTEGER NOT NULL,
                approvers_on_record INTEGER,
                position INTEGER NOT NULL
            );
            """)
    }

    /// Each site's configured decision mode and, for hybrid, its critical tiers (`1,2`).
    static func addSiteDecision(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE site ADD COLUMN decision TEXT;
            ALTER TABLE site ADD COLUMN decision_tiers TEXT;
            """)
    }

    /// Each link's own silence threshold (two missed rounds of its measurement),

    /// and which services are critical (a target's pre-flight judges those).
    static func addLinkSilenceAndCriticalServices(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE replication_link ADD COLUMN silent_after_s REAL;
            ALTER TABLE service ADD COLUMN critical INTEGER NOT NULL DEFAULT 1;
            """)
    }

    /// Split brains: both ends of a link answering as primaries, since when,

    /// what each holds, and when it ended (`NULL` while it holds).
    static func addSplitBrain(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE split_brain (
                link_id TEXT PRIMARY KEY NOT NULL,
                data_type TEXT NOT NULL,
                former_primary_site_id TEXT NOT NULL,
                promoted_site_id TEXT NOT NULL,
                since INTEGER NOT NULL,
                seen_at INTEGER NOT NULL,
                former_primary_position TEXT,
                promoted_position TEXT,
                former_primary_only_bytes INTEGER,
                promoted_only_bytes INTEGER,
                ended_at INTEGER
            );
            """)
    }

    /// A decision a cluster holds: the site whose agent took it, and the

    /// The consoles the agents hear from (``ConsolePresence``): who watches

    /// The changes to incidents a cluster holds, as mirrored here: once each,
}
