import GRDB

extension CacheSchema {
    /// What this agent last read of its cluster: the state of the read and
    /// every observer's view of every site, as the store held them.
    static func addCluster(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cluster_state (
                id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                cluster TEXT NOT NULL,
                site_id TEXT NOT NULL,
                sites TEXT NOT NULL,
                observers TEXT NOT NULL,
                revision INTEGER,
                read_at INTEGER,
                cut_off_since INTEGER,
                cut_off_reason TEXT,
                decider_site_id TEXT,
                failed_rounds INTEGER NOT NULL,
                quorum INTEGER,
                stale_after_s REAL NOT NULL
            );
            CREATE TABLE observer_view (
                observer_site_id TEXT NOT NULL,
                site_id TEXT NOT NULL,
                state TEXT NOT NULL,
                failing TEXT NOT NULL,
                failed_rounds INTEGER NOT NULL,
                observed_at INTEGER NOT NULL,
                round INTEGER NOT NULL,
                version TEXT NOT NULL,
                held_since INTEGER NOT NULL,
                PRIMARY KEY (observer_site_id, site_id)
            );
            """)
    }

    /// In a cluster, which site's agent keeps an incident or plan that this
    /// cache only mirrors (`NULL`: this site's own).
    static func addKeptAt(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE incident ADD COLUMN kept_at TEXT;
            ALTER TABLE failover_plan ADD COLUMN kept_at TEXT;
            """)
    }

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
    /// store's revision it was committed at (mirrored once, by that revision).
    static func addSharedDecisions(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE approval ADD COLUMN site_id TEXT;
            ALTER TABLE approval ADD COLUMN revision INTEGER;
            CREATE UNIQUE INDEX approval_by_revision ON approval(revision) WHERE revision IS NOT NULL;
            """)
    }

    /// The consoles the agents hear from (``ConsolePresence``): who watches
    /// what, at every site; rows go stale and are pruned, never audited.
    static func addConsolePresence(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE console_presence (
                console_id TEXT PRIMARY KEY NOT NULL,
                operator TEXT NOT NULL,
                host TEXT NOT NULL,
                site_id TEXT,
                screen TEXT NOT NULL,
                confirming TEXT,
                seen_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
    }

    /// The changes to incidents a cluster holds, as mirrored here: once each,
    /// by revision, kept to bring an older record of the decider's up to date.
    static func addSharedChanges(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE shared_change (
                revision INTEGER PRIMARY KEY NOT NULL,
                incident_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE INDEX shared_change_by_incident ON shared_change(incident_id, revision);
            """)
    }
}
