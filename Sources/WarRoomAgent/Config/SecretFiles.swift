import WarRoomModel
import WarRoomProbes

extension AgentConfig {
    /// Every `file:` secret the configuration and its runbooks name that the
    /// agent could not read now, as `where: file:PATH: why` — never the
    /// content. `check-config` reports them; the agent itself finds out at
    /// the probe or step that needs one (`unknown`, naming the reference).
    public var unreadableSecretFiles: [String] {
        var named: [(place: String, reference: SecretReference)] = []
        for check in checks {
            let place = "check \(check.name) (\(check.siteID)/\(check.serviceID))"
            switch check.kind {
            case .http(let http):
                for (name, value) in http.headers.sorted(by: { $0.key < $1.key }) {
                    if case .secret(let reference) = value { named.append(("\(place) header \(name)", reference)) }
                }
            case .command(let command):
                for (name, value) in command.environment.sorted(by: { $0.key < $1.key }) {
                    if case .secret(let reference) = value { named.append(("\(place) env \(name)", reference)) }
                }
            case .tcp:
                break
            }
        }
        for link in linkChecks {
            if let password = link.kind.secret { named.append(("replication \(link.linkID) password", password)) }
        }
        for route in (Array(failover.values) + restore.values).sorted(by: { $0.runbookPath < $1.runbookPath }) {
            for step in route.runbook.steps {
                let actions = [step.spec.action] + (step.spec.rollback.map { [$0] } ?? [])
                for action in actions {
                    for (name, value) in action.environment.sorted(by: { $0.key < $1.key }) {
                        if let reference = SecretReference(reference: value) {
                            named.append(("runbook \(route.runbookPath) step \(step.id) env \(name)", reference))
                        }
                    }
                }
            }
        }
        return named.compactMap { item in SecretRule.unreadable(item.reference).map { "\(item.place): \($0)" } }
    }
}
