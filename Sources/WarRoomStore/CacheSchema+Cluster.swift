import GRDB

/// The tables of a cluster's agent: what it read of the cluster, what it mirrors, who watches.
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

    /// Which wait of its step a decision taken at another site answers.
    static func addApprovalAnswering(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE approval ADD COLUMN answering INTEGER")
    }
}
