import GRDB
import WarRoomModel

/// The cluster as this cache's agent last read it: one `cluster_state` row
/// and the views it read, replaced whole by each read that had quorum; a
/// read without quorum only marks the state cut off (the views stay, frozen).
enum ClusterRecords {
    static func write(_ status: ClusterStatus, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO cluster_state (id, cluster, site_id, sites, observers, revision, read_at, cut_off_since, cut_off_reason,
                decider_site_id, failed_rounds, quorum, stale_after_s)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET cluster = excluded.cluster, site_id = excluded.site_id, sites = excluded.sites,
                observers = excluded.observers,
                revision = excluded.revision, read_at = excluded.read_at, cut_off_since = excluded.cut_off_since,
                cut_off_reason = excluded.cut_off_reason, decider_site_id = excluded.decider_site_id,
                failed_rounds = excluded.failed_rounds, quorum = excluded.quorum, stale_after_s = excluded.stale_after_s
            """, arguments: [status.cluster, status.siteID, status.sites.joined(separator: ","), status.observers.joined(separator: ","),
                             status.revision, status.readAt,
                             status.cutOffSince, status.cutOffReason, status.deciderSiteID, status.rule.failedRounds,
                             status.rule.quorum, status.rule.staleAfterSeconds])
        guard status.cutOffSince == nil else { return }
        try db.execute(sql: "DELETE FROM observer_view")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO observer_view (observer_site_id, site_id, state, failing, failed_rounds, observed_at, round, version, held_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(observer_site_id, site_id) DO NOTHING
            """)
        for read in status.views {
            let view = read.view
            let failing = try StoredJSON.encode(Dictionary(view.failing.map { ($0.serviceID, $0.reason) }, uniquingKeysWith: { first, _ in first }))
            try insert.execute(arguments: [view.observerSiteID, view.siteID, view.state.rawValue, failing, view.failedRounds,
                                           view.observedAt, view.round, view.version, read.heldSince])
        }
    }

    /// Why an operator may not open an incident of this site's own (declared,
    /// or a drill's) here now, in words beginning with `verb`; `nil` for an
    /// agent alone or the decider. In a cluster only the decider numbers
    /// incidents and plans: a number handed out at another site could be the
    /// decider's next one, and its record would overwrite this site's.
    static func refusalToOpen(_ doing: String, verb: String, in db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: "SELECT site_id, decider_site_id, cut_off_since FROM cluster_state WHERE id = 1")
        else { return nil }
        if let since: EpochMillis = try row.decode(forColumn: "cut_off_since") { return ClusterStatus.cutOffRefusal(since: since, doing: doing, verb: verb) }
        let site: String? = try row.decode(forColumn: "site_id"), decider: String? = try row.decode(forColumn: "decider_site_id")
        if let decider, decider == site { return nil }
        return "\(verb) at the decider: \(decider ?? "none is known yet") (in a cluster only the decider numbers incidents, so that every site shows one number for one incident)"
    }

    /// Why `doing` may not be done through this cache's agent now: it is cut
    /// off from its cluster (``ClusterStatus/cutOffRefusal(since:doing:verb:)``).
    /// `nil` for an agent alone or one with quorum.
    static func cutOffRefusal(_ doing: String, verb: String, in db: Database) throws -> ActionRefusal? {
        try EpochMillis.fetchOne(db, sql: "SELECT cut_off_since FROM cluster_state WHERE id = 1")
            .map { ActionRefusal(ClusterStatus.cutOffRefusal(since: $0, doing: doing, verb: verb)) }
    }

    /// The cluster this cache's agent belongs to; `nil` when it works alone.
    static func read(_ db: Database) throws -> ClusterStatus? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM cluster_state WHERE id = 1")) else { return nil }
        let views = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM observer_view ORDER BY site_id, observer_site_id")).map { view in
            let failing = StoredJSON.decode(try view.decode(forColumn: "failing") ?? "{}").sorted { $0.key < $1.key }
                .map { FailingService(serviceID: $0.key, reason: $0.value) }
            return ReadView(view: ObserverView(
                observerSiteID: try view.decode(forColumn: "observer_site_id"), siteID: try view.decode(forColumn: "site_id"),
                state: ObservedState(rawValue: try view.decode(forColumn: "state") ?? "") ?? .unknown, failing: failing,
                failedRounds: try view.decode(forColumn: "failed_rounds") ?? 0, observedAt: try view.decode(forColumn: "observed_at") ?? 0, round: try view.decode(forColumn: "round") ?? 0,
                version: try view.decode(forColumn: "version") ?? ""), heldSince: try view.decode(forColumn: "held_since") ?? 0)
        }
        let list = { (column: String) in ((try row.decode(forColumn: column) as String?) ?? "").split(separator: ",").map(String.init) }
        return ClusterStatus(
            cluster: (try row.decode(forColumn: "cluster") as String?) ?? "", siteID: (try row.decode(forColumn: "site_id") as String?) ?? "",
            sites: try list("sites"), observers: try list("observers"),
            views: views, revision: try row.decode(forColumn: "revision"), readAt: try row.decode(forColumn: "read_at"), cutOffSince: try row.decode(forColumn: "cut_off_since"),
            cutOffReason: try row.decode(forColumn: "cut_off_reason"), deciderSiteID: try row.decode(forColumn: "decider_site_id"),
            rule: VerdictRule(failedRounds: try row.decode(forColumn: "failed_rounds") ?? 3, quorum: try row.decode(forColumn: "quorum"), staleAfterSeconds: try row.decode(forColumn: "stale_after_s") ?? 15))
    }
}
