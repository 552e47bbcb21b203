/// A service that runs at every site, with the recovery objectives it is held to.
public struct Service: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// 1 is the most critical tier.
    public var tier: Int
    /// Recovery time objective: how long the service may be down, in seconds.
    public var rtoSeconds: Double
    /// Recovery point objective: how much data (in time) it may lose, in seconds.
    public var rpoSeconds: Double
    /// Whether its checks decide a site's outage and its failover target's health
    /// (`critical:` in the configuration); every demo service is.
    public var critical: Bool

    public init(id: String, name: String, tier: Int, rtoSeconds: Double, rpoSeconds: Double, critical: Bool = true) {
        self.critical = critical
        self.id = id
        self.name = name
        self.tier = tier
        self.rtoSeconds = rtoSeconds
        self.rpoSeconds = rpoSeconds
    }
}
