/// A replication link to measure: which configured link, with which probe
/// kind, how often. (PostgreSQL comes next beside Redis.)
public struct LinkCheck: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case redis(RedisLinkCheck)
    }

    /// The configured link's id (`session-state:new-york>london`).
    public var linkID: String
    public var kind: Kind
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var jitterSeconds: Double

    public init(linkID: String, kind: Kind, intervalSeconds: Double, timeoutSeconds: Double, jitterSeconds: Double) {
        self.linkID = linkID
        self.kind = kind
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.jitterSeconds = jitterSeconds
    }
}
