import WarRoomModel

/// The seeds' regional-failover runbook as the demo runs it: confirm, isolate,
/// check lag, promote (two approvers), redirect, DNS, verify, notify. Its
/// actions are the simulator's built-ins; its approvers are the operators of
/// the demo, written into the text before it is hashed.
public enum DemoRunbook {
    public static func text(from: Site, to: Site, approvers: [String]) -> String {
        let users = approvers.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: ", ")
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
                title: Notify stakeholders (failover complete)
                builtin: notify

            """
    }

    /// The parsed runbook (the text is generated, so a parse error is a bug the tests catch).
    public static func runbook(from: Site, to: Site, approvers: [String]) -> Runbook? {
        try? RunbookFile.parse(text(from: from, to: to, approvers: approvers), file: "builtin:site-failover")
    }
}
