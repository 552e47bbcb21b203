import WarRoomModel

/// The seeds' regional-failover runbook as a plan: confirm, isolate, check
/// lag, promote, redirect, DNS, verify, notify. Steps that change production
/// wait for an operator's approval; promotion needs two.
public enum SiteFailoverRunbook {
    public static let reference = "builtin:site-failover@1"

    struct StepTemplate {
        var key: String
        var title: String
        var action: String
        var approvers: Int
        var changesProduction: Bool
    }

    static func templates(from: Site, to: Site) -> [StepTemplate] {
        [
            StepTemplate(key: "confirm-failure", title: "Confirm \(from.name) failure from two vantage points",
                         action: "probe --site \(from.id) --from \(to.id),others --checks 3", approvers: 0,
                         changesProduction: false),
            StepTemplate(key: "isolate-\(from.id)", title: "Isolate \(from.name) (fence writes, drain load balancers)",
                         action: "fence --site \(from.id) --drain-lb --block-replication-writes", approvers: 1,
                         changesProduction: true),
            StepTemplate(key: "check-replication-lag", title: "Check replication lag against RPO",
                         action: "replication-check --target \(to.id) --all-data-types", approvers: 0,
                         changesProduction: false),
            StepTemplate(key: "promote-\(to.id)", title: "Promote \(to.name) data stores (PostgreSQL, Redis)",
                         action: "promote --site \(to.id) --postgresql --redis", approvers: 2,
                         changesProduction: true),
            StepTemplate(key: "redirect-traffic", title: "Redirect traffic to \(to.name)",
                         action: "lb shift --from \(from.id) --to \(to.id) --weight 100", approvers: 1,
                         changesProduction: true),
            StepTemplate(key: "update-dns", title: "Update DNS to \(to.name) (TTL 60 s)",
                         action: "dns failover --zone erlmcp.example --to \(to.id) --ttl 60", approvers: 1,
                         changesProduction: true),
            StepTemplate(key: "verify-health", title: "Verify service health in \(to.name)",
                         action: "verify --site \(to.id) --services all --window 120s", approvers: 0,
                         changesProduction: false),
            StepTemplate(key: "notify-stakeholders", title: "Notify stakeholders (failover complete)",
                         action: "notify --template failover-complete --channels status-page,email,slack",
                         approvers: 0, changesProduction: false),
        ]
    }

    /// The plan's steps as proposed: those needing approval wait for it, the rest are pending.
    public static func steps(planID: String, from: Site, to: Site, at: EpochMillis) -> [PlanStep] {
        templates(from: from, to: to).enumerated().map { index, template in
            PlanStep(planID: planID, number: index + 1, key: template.key, title: template.title,
                     action: template.action, requiresApproval: template.approvers > 0,
                     approversRequired: template.approvers, changesProduction: template.changesProduction,
                     state: template.approvers > 0 ? .awaitingApproval : .pending, updatedAt: at)
        }
    }
}
