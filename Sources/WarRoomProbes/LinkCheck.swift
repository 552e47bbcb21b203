/// A replication link to measure: which configured link between which
/// sites, with which probe kind, how often.
public struct LinkCheck: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case redis(RedisLinkCheck)
        case postgres(PostgresLinkCheck)
    }

    /// The configured link's id (`session-state:new-york>london`).
    public var linkID: String
    /// The sites it replicates from and to: a standby found promoted makes
    /// its site the primary.
    public var sourceSiteID: String
    public var targetSiteID: String
    public var kind: Kind
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var jitterSeconds: Double
    /// The data type the link carries: its id up to the first colon.
    public var dataType: String { linkID.split(separator: ":", maxSplits: 1).first.map(String.init) ?? linkID }

    public init(linkID: String, sourceSiteID: String, targetSiteID: String, kind: Kind, intervalSeconds: Double,
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
