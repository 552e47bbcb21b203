/// The part a data-center site plays in the DR topology.
public enum SiteRole: String, Codable, Sendable, CaseIterable {
    case primary, secondary, tertiary
}

/// A data-center site: where services run and data is replicated to.
public struct Site: Codable, Sendable, Hashable, Identifiable {
    /// Stable short name used in keys and commands, e.g. `london`.
    public var id: String
    /// Display name, e.g. `London`.
    public var name: String
    /// Where it is, e.g. `EU-Central (LD4)`.
    public var location: String
    public var role: SiteRole
    /// Share of full production load the site can carry, in percent.
    public var capacityPercent: Double
    /// Share of full production load it carries now, in percent.
    public var loadPercent: Double
    /// How its failure is decided, as configured; `nil` in a cache no configured agent wrote.
    public var decision: SiteDecision?

    public init(id: String, name: String, location: String, role: SiteRole,
                capacityPercent: Double, loadPercent: Double, decision: SiteDecision? = nil) {
        self.id = id
        self.name = name
        self.location = location
        self.role = role
        self.capacityPercent = capacityPercent
        self.loadPercent = loadPercent
        self.decision = decision
    }
}
