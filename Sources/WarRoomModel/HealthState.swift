/// The health of a service at a site, or of a whole site.
///
/// `unknown` (no recent observation) and `stale` (the agent itself is not
/// reporting) are never healthy: `isOK` is true for `ok` alone.
public enum HealthState: String, Codable, Sendable, CaseIterable {
    case ok, warning, critical, unknown, stale

    public var isOK: Bool { self == .ok }

    /// How bad the state is for roll-ups: anything we cannot vouch for ranks
    /// above a known warning, so a roll-up never looks better than its parts.
    public var severityRank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .stale: 3
        case .critical: 4
        }
    }

    /// The worst of `states`; `unknown` when there is nothing to roll up.
    @inlinable
    public static func rollUp<S: Sequence>(_ states: S) -> HealthState where S.Element == HealthState {
        worst(of: states) { $0 } ?? .unknown
    }

    /// The item whose state is the worst (the roll-up's rule: highest
    /// ``severityRank``; the first of equals); `nil` for none.
    @inlinable
    public static func worst<S: Sequence>(of items: S, state: (S.Element) -> HealthState) -> S.Element? {
        items.reduce(nil) { worst, item in
            guard let worst else { return item }
            return state(item).severityRank > state(worst).severityRank ? item : worst
        }
    }
}

/// The latest health-check result for one service at one site.
public struct HealthCheck: Codable, Sendable, Hashable {
    public var siteID: String
    public var serviceID: String
    public var state: HealthState
    /// p99 latency seen by the check, when it got an answer.
    public var latencyMs: Double?
    /// Share of failed requests, 0...1, when known.
    public var errorRate: Double?
    public var observedAt: EpochMillis
    /// Why the check failed, in words (e.g. `connect timeout after 2 s`).
    public var detail: String

    public init(siteID: String, serviceID: String, state: HealthState, latencyMs: Double?,
                errorRate: Double?, observedAt: EpochMillis, detail: String = "") {
        self.siteID = siteID
        self.serviceID = serviceID
        self.state = state
        self.latencyMs = latencyMs
        self.errorRate = errorRate
        self.observedAt = observedAt
        self.detail = detail
    }
}
