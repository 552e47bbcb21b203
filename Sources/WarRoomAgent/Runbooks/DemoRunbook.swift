import WarRoomModel
import WarRoomProbes

/// The seeds' regional-failover runbook as the demo runs it: confirm, isolate,
/// check lag, promote (two approvers), redirect, DNS, verify, notify. Its
/// actions are the simulator's built-ins; its approvers are the operators of
/// the demo, written into the text before it is hashed.
public enum DemoRunbook {
    public static func text(from: Site, to: Site, approvers: [String]) -> String {
        let users = quoted(approvers)
        return """
            # Regional failover (erlmcp v3 DR plan, "Runbook: Regional Failover"), as the demo runs it.
            name: Site failover \(from.name) → \(to.name)
            from: \(from.id)
            to: \(to.id)
            approvers:
              users: [\(users)]
            prevent_self_approval: true
            approval_timeout: 30m
            steps:
              - id: confirm-failure
                title: Confirm \(from.name) failure from two vantage points
                builtin: probe-site
                timeout: 60s
              - id: isolate-\(from.id)
                title: Isolate \(from.name) (fence writes, drain load balancers)
                builtin: fence-site
                approval: required
                rollback: { builtin: unfence-site }
              - id: check-replication-lag
                title: Check replication lag against RPO
                builtin: replication-check
            \(handOverSteps(to: to, done: "failover complete"))

            """
    }

    /// The failback once the configured primary is back and caught up: no
    /// failure to confirm; the serving site is drained and fenced first, so
    /// nothing written there is lost at the promotion.
    public static func failbackText(from: Site, to: Site, approvers: [String]) -> String {
        """
        # Failback to the configured primary (seed 001 §6.4, seed 004 "perform failback"), as the demo runs it.
        name: Failback \(from.name) → \(to.name)
        from: \(from.id)
        to: \(to.id)
        approvers:
          users: [\(quoted(approvers))]
        prevent_self_approval: true
        approval_timeout: 30m
        steps:
          - id: check-replication-lag
            title: Check \(to.name) has caught up (replication lag against RPO)
            builtin: replication-check
          - id: fence-\(from.id)
            title: Drain and fence \(from.name) (stop writes; the standby replays the rest)
            builtin: fence-site
            approval: required
            rollback: { builtin: unfence-site }
        \(handOverSteps(to: to, done: "failback complete"))

        """
    }

    /// A corrupted data type restored in place from backup (seed 003
    /// "Database Corruption": restore, verify integrity, test, watch).
    public static func restoreText(at site: Site, dataType: String, approvers: [String]) -> String {
        """
        # Data corruption recovery (seed 003 "Database Corruption"), as the demo runs it.
        name: Restore \(dataType) at \(site.name) from backup
        kind: restore
        site: \(site.id)
        approvers:
          users: [\(quoted(approvers))]
        prevent_self_approval: true
        approval_timeout: 30m
        steps:
          - id: confirm-corruption
            title: Confirm the corruption at every site (integrity check)
            builtin: verify-integrity
          - id: freeze-writes
            title: Freeze writes at \(site.name) (read-only, so no more bad rows and no more writes to lose)
            builtin: freeze-writes
            approval: required
            rollback: { builtin: unfreeze-writes }
          - id: restore-\(dataType)
            title: Restore \(dataType) at \(site.name) to the last clean write (point-in-time recovery)
            builtin: restore-pitr
            approval: required
            approvers: 2
          - id: resync-standbys
            title: Re-seed the standbys from the restored \(site.name)
            builtin: resync-standbys
          - id: verify-integrity
            title: Verify \(dataType) integrity and service health at \(site.name)
            builtin: verify-site
          - id: unfreeze-writes
            title: Open writes at \(site.name) again
            builtin: unfreeze-writes
            approval: required
          - id: notify-stakeholders
            title: Notify stakeholders (data restored; writes since the restore point lost)
            builtin: notify

        """
    }

    /// The plan a demo scenario proposes: a restore for a corruption, a
    /// failback for a failback, a failover from New York to London otherwise.
    public static func runbook(for scenario: Scenario, topology: DemoTopology, approvers: [String]) -> Runbook? {
        let site = { (id: String) in topology.sites.first { $0.id == id } }
        guard let primary = site(DemoTopology.primary), let standby = site(DemoTopology.hotStandby) else { return nil }
        let text: String
        if let corruption = scenario.corruption {
            text = restoreText(at: primary, dataType: corruption.dataType, approvers: approvers)
        } else if scenario.failbackAfterSeconds != nil {
            text = failbackText(from: standby, to: primary, approvers: approvers)
        } else {
            text = self.text(from: primary, to: standby, approvers: approvers)
        }
        return try? RunbookFile.parse(text, file: "builtin:\(scenario.name)")
    }

    /// The parsed runbook (the text is generated, so a parse error is a bug the tests catch).
    public static func runbook(from: Site, to: Site, approvers: [String]) -> Runbook? {
        try? RunbookFile.parse(text(from: from, to: to, approvers: approvers), file: "builtin:site-failover")
    }

    /// The steps a failover and a failback share once the data may move:
    /// promote (two approvers), redirect, DNS, verify, notify (`done` says what completed).
    private static func handOverSteps(to: Site, done: String) -> String {
        """
          - id: promote-\(to.id)
            title: Promote \(to.name) data stores (PostgreSQL, Redis)
            builtin: promote-data-stores
            approval: required
            approvers: 2
            rollback: { builtin: demote-data-stores }
            preflight:
              target_healthy: true
              target_capacity: true
              replication_within_rpo: [session-state, registry, transaction-log]
          - id: redirect-traffic
            title: Redirect traffic to \(to.name)
            builtin: shift-traffic
            approval: required
            preflight: { target_healthy: true, target_capacity: true }
          - id: update-dns
            title: Update DNS to \(to.name) (TTL 60 s)
            builtin: dns-failover
            approval: required
            preflight: { target_healthy: true }
          - id: verify-health
            title: Verify service health in \(to.name)
            builtin: verify-site
          - id: notify-stakeholders
            title: Notify stakeholders (\(done))
            builtin: notify
        """
    }

    private static func quoted(_ approvers: [String]) -> String {
        approvers.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: ", ")
    }
}
