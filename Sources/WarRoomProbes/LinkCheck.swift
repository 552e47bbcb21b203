/// A replication link to measure: which configured link between which
/// sites, with which probe kind, how often.
public struct LinkCheck: Sendable, Equatable {

    /// The configured link's id (`session-state:new-york>london`).
    public var linkID: String
    /// The sites it replicates from and to: a standby found promoted makes
    /// its site the primary.
    public var sourceSiteID: String
    public var targetSiteID: String
    /// How it is measured (``RedisLinkCheck``, ``PostgresLinkCheck``, …).
    public var kind: any LinkKind
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var jitterSeconds: Double
    /// The data type the link carries: its id up to the first colon.
    public var dataType: String { linkID.split(separator: ":", maxSplits: 1).first.map(String.init) ?? linkID }

    public init(linkID: String, sourceSiteID: String, targetSiteID: String, kind: any LinkKind, intervalSeconds: Double,
                timeoutSeconds: Double, jitterSeconds: Double) {
        self.linkID = linkID
        self.sourceSiteID = sourceSiteID
        self.targetSiteID = targetSiteID
        self.kind = kind
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.jitterSeconds = jitterSeconds
    }
}

extension LinkCheck {
    public static func == (lhs: LinkCheck, rhs: LinkCheck) -> Bool {
        lhs.linkID == rhs.linkID && lhs.sourceSiteID == rhs.sourceSiteID && lhs.targetSiteID == rhs.targetSiteID
            && lhs.kind.isEqual(to: rhs.kind) && lhs.intervalSeconds == rhs.intervalSeconds
            && lhs.timeoutSeconds == rhs.timeoutSeconds && lhs.jitterSeconds == rhs.jitterSeconds
    }
}
