import WarRoomModel

/// The simulator's built-in step actions: each takes simulated time and
/// reports what it did, as a real command would print it.
enum BuiltinActions {
    struct Outcome {
        var durationSeconds: Double
        var succeeded: Bool
        var output: String
        /// The step makes the plan's target the primary (the RPO is accounted at this moment).
        var promotesTarget = false
    }

    static func outcome(of name: String, plan: FailoverPlan, snapshot: CacheSnapshot) -> Outcome {
        let from = snapshot.site(plan.fromSiteID)?.name ?? plan.fromSiteID
        let to = snapshot.site(plan.toSiteID)?.name ?? plan.toSiteID
        switch name {
        case "probe-site":
            let others = snapshot.sites.filter { $0.id != plan.fromSiteID }.map(\.name).joined(separator: " and ")
            return Outcome(durationSeconds: 20, succeeded: true,
                           output: "\(from) unreachable from \(others): 15/15 checks failed (connect timeout after 2 s)")
        case "fence-site":
            return Outcome(durationSeconds: 15, succeeded: true,
                           output: "\(from) fenced: load balancer pool drained (0/24 backends), replication writes blocked")
        case "unfence-site":
            return Outcome(durationSeconds: 15, succeeded: true, output: "\(from) unfenced: backends back in the pool")
        case "replication-check":
            let lags = snapshot.links.filter { $0.targetSiteID == plan.toSiteID }.map { link in
                "\(link.dataType) \(link.dataAtRiskSeconds.map(Format.seconds) ?? "unknown") at risk (RPO \(Format.seconds(link.rpoSeconds)))"
            }
            return Outcome(durationSeconds: 5, succeeded: true, output: "lag to \(to): " + lags.joined(separator: ", "))
        case "promote-data-stores":
            return Outcome(durationSeconds: 30, succeeded: true,
                           output: "PostgreSQL \(plan.toSiteID)-pg-1 promoted (timeline 7); Redis \(plan.toSiteID)-redis-1 REPLICAOF NO ONE",
                           promotesTarget: true)
        case "demote-data-stores":
            return Outcome(durationSeconds: 30, succeeded: true, output: "\(to) data stores back to replicas")
        case "shift-traffic":
            return Outcome(durationSeconds: 20, succeeded: true,
                           output: "load balancer weights: \(plan.toSiteID) 100, \(plan.fromSiteID) 0")
        case "dns-failover":
            return Outcome(durationSeconds: 10, succeeded: true,
                           output: "erlmcp.example A → \(plan.toSiteID) (TTL 60 s); 4/4 resolvers answer \(plan.toSiteID)")
        case "verify-site":
            return Outcome(durationSeconds: 30, succeeded: true, output: "5/5 services answer at \(to)")
        case "verify-integrity":
            let failing = snapshot.healthChecks.filter { $0.state == .critical && ($0.detail ?? "").hasPrefix("integrity check failed") }
            let at = Set(failing.map(\.siteID)).compactMap { snapshot.site($0)?.name }.sorted()
            return Outcome(durationSeconds: 15, succeeded: true,
                           output: failing.isEmpty ? "integrity check passes at every site"
                               : "integrity check fails at \(at.joined(separator: ", ")): the bad rows have replicated; restore from backup")
        case "freeze-writes":
            return Outcome(durationSeconds: 10, succeeded: true,
                           output: "\(from) read-only: application writes refused (503 Retry-After), replication drained")
        case "unfreeze-writes":
            return Outcome(durationSeconds: 10, succeeded: true, output: "\(from) writes open again")
        case "restore-pitr":
            return Outcome(durationSeconds: 90, succeeded: true,
                           output: "PostgreSQL \(plan.toSiteID)-pg-1 restored from the nightly base backup, WAL replayed to the last clean write (recovery_target_time)")
        case "resync-standbys":
            let standbys = snapshot.sites.filter { $0.id != plan.toSiteID }.map(\.name).joined(separator: " and ")
            return Outcome(durationSeconds: 40, succeeded: true, output: "\(standbys) re-seeded from \(to) (pg_basebackup, Redis full sync)")
        case "notify":
            return Outcome(durationSeconds: 3, succeeded: true, output: "status page updated; email and chat notified")
        default:
            return Outcome(durationSeconds: 0, succeeded: false, output: "unknown built-in action '\(name)'")
        }
    }
}
