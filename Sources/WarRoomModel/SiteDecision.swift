/// How a detected failure of one site turns into action (seed 001 §6.2), as
/// configured: the mode and, for hybrid, which tiers make a failure critical.
public struct SiteDecision: Codable, Sendable, Hashable {
    public var mode: DecisionMode
    /// Hybrid only: a failing critical service in one of these tiers is decided automatically.
    public var criticalTiers: [Int]

    public init(mode: DecisionMode, criticalTiers: [Int] = []) {
        self.mode = mode
        self.criticalTiers = mode == .hybrid ? criticalTiers.sorted() : []
    }

    /// True when a failure of the site may start steps without an operator.
    public var mayActAlone: Bool { mode != .manual }

    /// True unless every site is known to be manual: automatic failover has
    /// something to do (a cache that knows no site's mode is taken as it may).
    public static func someMayActAlone(_ decisions: [SiteDecision?]) -> Bool {
        decisions.contains { $0?.mayActAlone ?? true } || decisions.isEmpty
    }

    /// What the mode means, in the operator's words.
    public var meaning: String {
        switch mode {
        case .manual:
            return "every step waits for approval"
        case .automatic:
            return "the plan runs on its own, but steps the runbook marks approval: required wait"
        case .hybrid:
            let tiers = criticalTiers.isEmpty ? "no tier" : "tier " + criticalTiers.map(String.init).joined(separator: ", ")
            return "a failing critical service of \(tiers) is decided automatically (steps marked approval: required "
                + "still wait); any other failure waits for approval"
        }
    }

    /// One line per mode in use, naming its sites: `New York hybrid: …`,
    /// `London, Singapore manual: every step waits for approval`.
    public static func lines(for sites: [Site]) -> [String] {
        lines(for: sites.map { ($0.name, $0.decision) })
    }

    /// The same from each site's name and decision.
    public static func lines(for sites: [(name: String, decision: SiteDecision?)]) -> [String] {
        var groups: [(decision: SiteDecision, names: [String])] = []
        for site in sites {
            guard let decision = site.decision else { continue }
            if let index = groups.firstIndex(where: { $0.decision == decision }) {
                groups[index].names.append(site.name)
            } else {
                groups.append((decision, [site.name]))
            }
        }
        return groups.map { "\($0.names.joined(separator: ", ")) \($0.decision.mode.rawValue): \($0.decision.meaning)" }
    }
}
