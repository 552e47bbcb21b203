import WarRoomProbes

/// The `cluster:` section of a configuration: the agents of one deployment,
/// one a site, and the etcd they share. Without it an agent works alone, as
/// before there were clusters.
public struct ClusterSettings: Sendable, Equatable {
    /// The deployment's name: its keys live under `/warroom/<name>/`.
    public var name: String
    /// etcd's client URLs (`http://10.0.0.5:2379`), tried in order.
    public var endpoints: [String]
    /// Token authentication, when etcd has it on.
    public var username: String?
    public var password: SecretReference?
    /// A PEM CA file verifying etcd's certificate (`https://` endpoints).
    public var caFile: String?
    /// Seconds an agent's lease lasts unrenewed: its views vanish, and a
    /// decider hands over, this long after its agent is lost.
    public var leaseSeconds: Double
    /// The sites whose agents observe; `nil`: every configured site.
    public var observers: [String]?
    /// Outside observers that must agree a site is down; `nil`: a majority of
    /// the observers outside it (``VerdictRule/defaultQuorum(outside:)``).
    public var quorum: Int?

    public init(name: String, endpoints: [String], username: String? = nil, password: SecretReference? = nil,
                caFile: String? = nil, leaseSeconds: Double, observers: [String]? = nil, quorum: Int? = nil) {
        self.name = name
        self.endpoints = endpoints
        self.username = username
        self.password = password
        self.caFile = caFile
        self.leaseSeconds = leaseSeconds
        self.observers = observers
        self.quorum = quorum
    }

    /// Where every key of the deployment lives.
    public var root: String { "/warroom/\(name)/" }

    /// The prefix of every observer's views.
    public var viewsPrefix: String { root + "views/" }

    /// The prefix of the incidents the decider records (``incidentKey(_:)``).
    public var incidentsPrefix: String { root + "incidents/" }

    /// The key of an incident's record, with its timeline and plans.
    public func incidentKey(_ incidentID: String) -> String { incidentsPrefix + incidentID }

    /// The key a step is claimed under before it runs: created once, by
    /// transaction, never under a lease (a step claimed is never claimed again).
    public func claimKey(planID: String, stepNumber: Int) -> String { root + "claims/\(planID)/\(stepNumber)" }

    /// The prefix of every decision on a step (``decisionKey(planID:stepNumber:number:)``).
    /// It sorts after the decider's key, so a round's read takes them in.
    public var decisionsPrefix: String { root + "decisions/" }

    /// The prefix of the decisions on one step.
    public func decisionsPrefix(planID: String, stepNumber: Int) -> String { decisionsPrefix + "\(planID)/\(stepNumber)/" }

    /// The prefix of the changes to one incident.
    public func changesPrefix(incidentID: String) -> String { decisionsPrefix + "\(incidentID)/" }

    /// The key of an incident's change number `number` (1, 2, …), beside the
    /// decisions on steps so that one read takes both in commit order.
    public func changeKey(incidentID: String, number: Int) -> String { changesPrefix(incidentID: incidentID) + "\(number)" }

    /// The key of a step's decision number `number` (1, 2, …): created once, by
    /// transaction, so of two decisions racing for a number one is recorded.
    public func decisionKey(planID: String, stepNumber: Int, number: Int) -> String {
        decisionsPrefix(planID: planID, stepNumber: stepNumber) + "\(number)"
    }

    /// The prefix of the consoles each site's agent hears from (``presenceKey(site:)``).
    public var presencePrefix: String { root + "presence/" }

    /// The key of the consoles `site`'s agent hears from: under its lease, so
    /// they vanish with it.
    public func presenceKey(site: String) -> String { presencePrefix + site }

    /// The key whose holder decides: created by transaction under the
    /// holder's lease, so it passes on when the holder's agent is lost. It
    /// sorts after the claims and before the incidents and views, so a round
    /// reads from it to the end of the root.
    public var deciderKey: String { root + "decider" }

    /// The key of `observer`'s view of `site`.
    public func viewKey(observer: String, site: String) -> String { viewsPrefix + "\(observer)/\(site)" }
}
