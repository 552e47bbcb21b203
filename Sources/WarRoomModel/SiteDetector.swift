/// A critical service failing at a site in one detection round, and why.
public struct FailingService: Sendable, Equatable, Codable {
    public var serviceID: String
    public var reason: String

    public init(serviceID: String, reason: String) {
        self.serviceID = serviceID
        self.reason = reason
    }
}

/// What a detection round changed about a site.
public enum DetectionEvent: Sendable, Equatable {
    /// The site is down: `failedRounds` consecutive rounds had a critical
    /// service failing, the first at `since`.
    case down(siteID: String, since: EpochMillis, evidence: [FailingService])
    /// A down site failed again: evidence for the open incident, not a new one.
    case stillDown(siteID: String, evidence: [FailingService])
    /// The site is up again after `recoveredRounds` consecutive healthy rounds.
    case up(siteID: String, downSince: EpochMillis)
}

/// Decides from rounds of a site's critical checks when it is down and when
/// it is up again (seed 001 §6.2): down after N consecutive rounds in which a
/// critical service fails, up only after M consecutive healthy rounds, so a
/// flapping site neither opens an incident per flap nor closes one too soon.
/// Pure: the agent feeds it one round per site per detection interval.
public struct SiteDetector: Sendable, Equatable {
    public private(set) var thresholds: DetectionThresholds
    private var failedRounds: [String: Int] = [:]
    private var healthyRounds: [String: Int] = [:]
    private var firstFailureAt: [String: EpochMillis] = [:]
    private var downSince: [String: EpochMillis] = [:]

    public init(thresholds: DetectionThresholds) {
        self.thresholds = thresholds
    }

    /// The same counts, judged by `thresholds` from now on: a reloaded
    /// configuration must not forget a site that is failing or down.
    public func judged(by thresholds: DetectionThresholds) -> SiteDetector {
        var detector = self
        detector.thresholds = thresholds
        return detector
    }

    /// True while `siteID` counts as down.
    public func isDown(_ siteID: String) -> Bool { downSince[siteID] != nil }

    /// One round for `siteID`: the critical services failing in it (none: a healthy round).
    public mutating func observe(siteID: String, failing: [FailingService], at instant: EpochMillis) -> DetectionEvent? {
        if failing.isEmpty {
            failedRounds[siteID] = 0
            firstFailureAt[siteID] = nil
            guard let since = downSince[siteID] else { return nil }
            healthyRounds[siteID, default: 0] += 1
            guard healthyRounds[siteID, default: 0] >= thresholds.recoveredRounds else { return nil }
            downSince[siteID] = nil
            healthyRounds[siteID] = 0
            return .up(siteID: siteID, downSince: since)
        }
        healthyRounds[siteID] = 0
        if isDown(siteID) { return .stillDown(siteID: siteID, evidence: failing) }
        if firstFailureAt[siteID] == nil { firstFailureAt[siteID] = instant }
        failedRounds[siteID, default: 0] += 1
        guard failedRounds[siteID, default: 0] >= thresholds.failedRounds else { return nil }
        let since = firstFailureAt[siteID] ?? instant
        downSince[siteID] = since
        failedRounds[siteID] = 0
        return .down(siteID: siteID, since: since, evidence: failing)
    }
}

/// What the decision engine chose for a detected failure, and why in words.
public struct FailoverDecision: Sendable, Equatable {
    /// `automatic` or `manual`: hybrid resolves to one of them.
    public var mode: DecisionMode
    /// For the timeline: which branch was taken and why.
    public var reason: String

    public init(mode: DecisionMode, reason: String) {
        self.mode = mode
        self.reason = reason
    }

    /// Decides (seed 001 §6.2): `automatic` and `manual` as configured; `hybrid`
    /// automatic when a failing critical service is in a critical tier, else manual.
    public static func decide(configured: DecisionMode, failing: [FailingService], services: [Service],
                              rule: HybridRule) -> FailoverDecision {
        switch configured {
        case .automatic:
            return FailoverDecision(mode: .automatic, reason: "decision mode automatic: steps run without approval unless the runbook requires it")
        case .manual:
            return FailoverDecision(mode: .manual, reason: "decision mode manual: every step needs approval")
        case .hybrid:
            let tiers = rule.criticalTiers.sorted().map(String.init).joined(separator: ", ")
            let critical = failing.compactMap { failure in
                services.first { $0.id == failure.serviceID && rule.criticalTiers.contains($0.tier) }
            }
            if let first = critical.first {
                return FailoverDecision(mode: .automatic, reason: "hybrid: \(first.name) (tier \(first.tier)) is failing, a critical failure (tiers \(tiers)): decided automatically")
            }
            return FailoverDecision(mode: .manual, reason: "hybrid: no failing service is in a critical tier (\(tiers)): every step needs approval")
        }
    }
}
