/// What this site's agent last read of the cluster it belongs to: every
/// observer's view of every site, the store's revision, and whether the read
/// had quorum. The verdicts are worked out from it when shown, never stored.
public struct ClusterStatus: Sendable, Equatable {
    /// The deployment's name (`cluster.name`).
    public var cluster: String
    /// The site this agent runs at.
    public var siteID: String
    /// The sites observed: every configured site, in order.
    public var sites: [String]
    /// The sites whose agents observe (every site, unless the configuration names fewer).
    public var observers: [String]
    /// The views of the last read that had quorum.
    public var views: [ReadView]
    /// The store's revision that read saw; `nil` before the first.
    public var revision: Int64?
    /// This agent's clock at that read.
    public var readAt: EpochMillis?
    /// Since when reads have had no quorum (the views are frozen); `nil` while they have.
    public var cutOffSince: EpochMillis?
    /// Why the last read failed, in words naming the store.
    public var cutOffReason: String?
    /// The site whose agent decides (opens incidents and proposes plans); `nil` when none is known.
    public var deciderSiteID: String?
    public var rule: VerdictRule

    public init(cluster: String, siteID: String, sites: [String], observers: [String], views: [ReadView] = [], revision: Int64? = nil,
                readAt: EpochMillis? = nil, cutOffSince: EpochMillis? = nil, cutOffReason: String? = nil,
                deciderSiteID: String? = nil, rule: VerdictRule) {
        self.cluster = cluster
        self.siteID = siteID
        self.sites = sites
        self.observers = observers
        self.views = views
        self.revision = revision
        self.readAt = readAt
        self.cutOffSince = cutOffSince
        self.cutOffReason = cutOffReason
        self.deciderSiteID = deciderSiteID
        self.rule = rule
    }

    /// True while this agent's reads have quorum.
    public var hasQuorum: Bool { cutOffSince == nil && revision != nil }

    /// True when this agent decides: the last read had quorum and named it the decider.
    public var decides: Bool { hasQuorum && deciderSiteID == siteID }

    /// Why nothing may be done through this site's agent while it is cut off
    /// from its cluster since `since`: what it recorded could not be seen by the
    /// others. `doing` names the action ("an approval"), `verb` says it ("approve").
    public static func cutOffRefusal(since: EpochMillis, doing: String, verb: String) -> String {
        "this site's agent is cut off from the cluster since \(Format.utc(since)): \(doing) here could not be seen by the others; \(verb) at a site that has quorum"
    }

    /// The views read, by observed site (each site's looked at once, not every view for every site).
    public var viewsBySite: [String: [ReadView]] {
        Dictionary(grouping: views, by: \.view.siteID)
    }

    /// The verdict on every observed site at `now`.
    /// - parameter servingEvidence: per site, why its primary still serves (``SiteVerdict/of``).
    public func verdicts(at now: EpochMillis, siteNames: [String: String] = [:],
                         servingEvidence: [String: [String]] = [:]) -> [SiteVerdict] {
        let bySite = viewsBySite
        return sites.map { site in
            SiteVerdict.of(site, observers: observers, views: bySite[site] ?? [], servingEvidence: servingEvidence[site] ?? [],
                           rule: rule, at: now, siteNames: siteNames)
        }
    }
}
