import GRDB

/// The cache's schema, created and upgraded by versioned migrations.
///
/// Migrations are append-only: a released one is never edited, a change is a
/// new migration. A cache that holds a migration this build does not know was
/// written by a newer warroom and is refused, never modified.
public enum CacheSchema {
    /// `PRAGMA application_id` of a warroom cache ("WRM1"): tells our file from
    /// any other SQLite database without reading a table.
    public static let applicationID: Int32 = 0x5752_4D31

    /// Every migration this build knows, oldest first.
    public static var migrationIdentifiers: [String] { migrator.migrations }

    /// The migrator that creates and upgrades the cache.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-domain", migrate: createDomainTables)
        migrator.registerMigration("v2-samples", migrate: createSampleTables)
        migrator.registerMigration("v3-operator-actions", migrate: addOperatorActions)
        migrator.registerMigration("v4-data-at-risk-process-groups", migrate: addDataAtRiskAndProcessGroups)
        migrator.registerMigration("v5-automation", migrate: addAutomation)
        migrator.registerMigration("v6-health-history", migrate: addHealthHistory)
        migrator.registerMigration("v7-link-detail-observed-role", migrate: addLinkDetailAndObservedRole)
        migrator.registerMigration("v8-source-status", migrate: addSourceStatus)
        migrator.registerMigration("v9-change-tracking", migrate: addChangeTracking)
        migrator.registerMigration("v10-incident-lifecycle", migrate: addIncidentLifecycle)
        migrator.registerMigration("v11-recovery-accounting-drills", migrate: addRecoveryAccountingAndDrills)
        migrator.registerMigration("v12-split-brain", migrate: addSplitBrain)
        migrator.registerMigration("v13-link-silence-critical-services", migrate: addLinkSilenceAndCriticalServices)
        migrator.registerMigration("v14-site-decision", migrate: addSiteDecision)
        migrator.registerMigration("v15-configured-failover", migrate: addConfiguredFailover)
        migrator.registerMigration("v16-process-start", migrate: addProcessStart)
        migrator.registerMigration("v17-cluster", migrate: addCluster)
        migrator.registerMigration("v18-kept-at", migrate: addKeptAt)
        migrator.registerMigration("v19-shared-decisions", migrate: addSharedDecisions)
        migrator.registerMigration("v20-console-presence", migrate: addConsolePresence)
        migrator.registerMigration("v21-shared-changes", migrate: addSharedChanges)
        migrator.registerMigration("v22-approval-answering", migrate: addApprovalAnswering)
        return migrator
    }

    private static func createDomainTables(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: """
            CREATE TABLE site (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                location TEXT NOT NULL,
                role TEXT NOT NULL,
                capacity_pct REAL NOT NULL,
                load_pct REAL NOT NULL,
                position INTEGER NOT NULL
            );
            CREATE TABLE service (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                tier INTEGER NOT NULL,
                rto_s REAL NOT NULL,
                rpo_s REAL NOT NULL,
                position INTEGER NOT NULL
            );
            -- The latest check per service and site; history lives in health_sample.
            CREATE TABLE health_check (
                site_id TEXT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
                state TEXT NOT NULL,
                latency_ms REAL,
                error_rate REAL,
                observed_at INTEGER NOT NULL,
                detail TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (site_id, service_id)
            ) WITHOUT ROWID;
            CREATE TABLE replication_link (
                id TEXT PRIMARY KEY NOT NULL,
                data_type TEXT NOT NULL,
                source_site_id TEXT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                target_site_id TEXT NOT NULL REFERENCES site(id) ON DELETE CASCADE,
                mode TEXT NOT NULL,
                rpo_s REAL NOT NULL,
                state TEXT NOT NULL DEFAULT 'unknown',
                lag_s REAL,
                lag_bytes INTEGER,
                observed_at INTEGER,
                position INTEGER NOT NULL
            );
            CREATE TABLE alert (
                fingerprint TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                severity TEXT NOT NULL,
                severity_rank INTEGER NOT NULL,
                state TEXT NOT NULL,
                site_id TEXT,
                service_id TEXT,
                summary TEXT NOT NULL,
                labels TEXT NOT NULL,
                annotations TEXT NOT NULL,
                starts_at INTEGER NOT NULL,
                ends_at INTEGER
            );
            -- The alert queue: firing first, most severe, newest.
            CREATE INDEX alert_queue ON alert(state, severity_rank DESC, starts_at DESC);
            CREATE TABLE incident (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL,
                commander TEXT,
                service_id TEXT,
                impact_started_at INTEGER NOT NULL,
                opened_at INTEGER NOT NULL,
                mitigated_at INTEGER,
                resolved_at INTEGER
            );
            CREATE INDEX incident_by_status ON incident(status, opened_at DESC);
            CREATE TABLE timeline_event (
                id INTEGER PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                text TEXT NOT NULL
            );
            CREATE INDEX timeline_by_incident ON timeline_event(incident_id, at, id);
            CREATE TABLE failover_plan (
                id TEXT PRIMARY KEY NOT NULL,
                incident_id TEXT REFERENCES incident(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                from_site_id TEXT NOT NULL,
                to_site_id TEXT NOT NULL,
                proposed_at INTEGER NOT NULL,
                proposed_by TEXT NOT NULL,
                runbook_hash TEXT NOT NULL
            );
            CREATE INDEX plan_by_incident ON failover_plan(incident_id, proposed_at);
            CREATE TABLE plan_step (
                plan_id TEXT NOT NULL REFERENCES failover_plan(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                key TEXT NOT NULL,
                title TEXT NOT NULL,
                action TEXT NOT NULL,
                requires_approval INTEGER NOT NULL,
                approvers_required INTEGER NOT NULL,
                changes_production INTEGER NOT NULL,
                state TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                output TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (plan_id, number)
            ) WITHOUT ROWID;
            CREATE TABLE approval (
                id INTEGER PRIMARY KEY,
                plan_id TEXT NOT NULL,
                step_number INTEGER NOT NULL,
                operator TEXT NOT NULL,
                origin TEXT,
                decision TEXT NOT NULL,
                comment TEXT NOT NULL,
                decided_at INTEGER NOT NULL,
                preflight_facts TEXT NOT NULL,
                runbook_hash TEXT NOT NULL,
                overrode INTEGER NOT NULL,
                FOREIGN KEY (plan_id, step_number) REFERENCES plan_step(plan_id, number)
            );
            CREATE INDEX approval_by_step ON approval(plan_id, step_number, decided_at);
            -- Append-only, hash-chained: rows are never updated or deleted.
            CREATE TABLE audit_entry (
                sequence INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            -- One row: the writer's latest beat.
            CREATE TABLE agent_heartbeat (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                agent_name TEXT NOT NULL,
                pid INTEGER NOT NULL,
                wall_at INTEGER NOT NULL,
                clock_at INTEGER NOT NULL,
                clock_speed REAL NOT NULL,
                interval_s REAL NOT NULL,
                started_at INTEGER NOT NULL
            );
            """)
    }

    /// What operator actions and the executor need: each plan's approver policy,
    /// each step's runbook spec and approval clock, simulated approvals, alert acks.
    private static func addOperatorActions(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE failover_plan ADD COLUMN policy TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE plan_step ADD COLUMN spec TEXT;
            ALTER TABLE plan_step ADD COLUMN awaiting_since INTEGER;
            ALTER TABLE approval ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE alert ADD COLUMN acknowledged_by TEXT;
            ALTER TABLE alert ADD COLUMN acknowledged_at INTEGER;
            UPDATE plan_step SET awaiting_since = updated_at WHERE state = 'awaiting_approval';
            """)
    }

    /// Data at risk apart from the standby's lag, with the last contact with the
    /// primary; and the process group of a running step's command, so an agent
    /// that restarts can tell a step still running from one that died with it.
    private static func addDataAtRiskAndProcessGroups(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE replication_link ADD COLUMN primary_seen_at INTEGER;
            ALTER TABLE replication_link ADD COLUMN at_risk_s REAL;
            ALTER TABLE replication_link ADD COLUMN at_risk_bytes INTEGER;
            ALTER TABLE replication_sample ADD COLUMN at_risk_s REAL;
            ALTER TABLE plan_step ADD COLUMN process_group INTEGER;
            """)
    }

    /// Automatic failover's one row: who may pause it, the anti-flap window, the
    /// pause (kept across agent restarts) and the last automatic failover; and
    /// the site an incident is about, so a second detection finds it.
    private static func addAutomation(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE automation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                approvers TEXT NOT NULL,
                anti_flap_s REAL NOT NULL,
                paused_by TEXT,
                paused_reason TEXT,
                paused_at INTEGER,
                paused_until INTEGER,
                last_automatic_at INTEGER,
                last_automatic_plan TEXT
            );
            ALTER TABLE incident ADD COLUMN site_id TEXT;
            """)
    }

    /// What outlives the raw samples' short window: every change of a check's
    /// state, and per-minute roll-ups (worst and last state, min/max/last latency).
    private static func addHealthHistory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE health_change (
                site_id TEXT NOT NULL,
                service_id TEXT NOT NULL,
                at INTEGER NOT NULL,
                state TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (site_id, service_id, at)
            ) WITHOUT ROWID;
            CREATE TABLE health_rollup (
                site_id TEXT NOT NULL,
                service_id TEXT NOT NULL,
                minute INTEGER NOT NULL,
                samples INTEGER NOT NULL,
                worst_state TEXT NOT NULL,
                worst_rank INTEGER NOT NULL,
                last_state TEXT NOT NULL,
                min_latency_ms REAL,
                max_latency_ms REAL,
                last_latency_ms REAL,
                PRIMARY KEY (site_id, service_id, minute)
            ) WITHOUT ROWID;
            """)
    }

    /// Why a link is in its state, in the probe's words; and the role a site's
    /// data stores were seen playing (a promoted standby), kept apart from the
    /// configured role so a restart or a reload does not undo what was seen.
    private static func addLinkDetailAndObservedRole(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE replication_link ADD COLUMN detail TEXT;
            ALTER TABLE site ADD COLUMN observed_role TEXT;
            ALTER TABLE site ADD COLUMN observed_role_at INTEGER;
            """)
    }

    /// Whether the sources read whole (Alertmanager) answer; which silences
    /// silence an alert.
    private static func addSourceStatus(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE source_status (
                name TEXT PRIMARY KEY NOT NULL,
                ok INTEGER NOT NULL,
                detail TEXT NOT NULL,
                since INTEGER NOT NULL
            );
            ALTER TABLE alert ADD COLUMN silenced_by TEXT NOT NULL DEFAULT '[]';
            """)
    }

    /// Time series behind sparklines; pruned by ``Retention``. Keys lead with the
    /// series so both history reads and per-series pruning are range scans.
    private static func createSampleTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE health_sample (
                site_id TEXT NOT NULL,
                service_id TEXT NOT NULL,
                observed_at INTEGER NOT NULL,
                state TEXT NOT NULL,
                latency_ms REAL,
                error_rate REAL,
                PRIMARY KEY (site_id, service_id, observed_at)
            ) WITHOUT ROWID;
            CREATE TABLE replication_sample (
                link_id TEXT NOT NULL,
                observed_at INTEGER NOT NULL,
                state TEXT NOT NULL,
                lag_s REAL,
                lag_bytes INTEGER,
                PRIMARY KEY (link_id, observed_at)
            ) WITHOUT ROWID;
            """)
    }
}
