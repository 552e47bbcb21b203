/// What the observers together make of a site in one read of the cluster.
/// Worked out anew from the views each time, never stored as a fact.
public enum SiteVerdictKind: String, Codable, Sendable, CaseIterable {
    /// The live observers outside the site see it up.
    case up
    /// At least a quorum of live observers outside the site see it down for
    /// enough rounds, and nothing says its primary still serves: the only
    /// verdict that opens an incident or proposes a plan.
    case down
    /// A quorum sees it down, but a standby elsewhere still streams from its
    /// primary: the observers are cut off from it, it is not down (never fail
    /// over an unreachable primary).
    case unreachable
    /// Some observers see it down, fewer than a quorum (or not for long enough).
    case suspect
    /// No live observer outside the site can judge it.
    case unknown
}

/// The verdict on one site, with the reason in words and who said what.
public struct SiteVerdict: Sendable, Equatable {
    public var siteID: String
    public var kind: SiteVerdictKind
    /// "London and Singapore: New York down for 3 rounds; no standby streams from it".
    public var reason: String
    /// Outside observers that see the site down for enough rounds.
    public var agreeing: [String]
    /// Outside observers with no live view of the site (lease lapsed, or a round that stopped moving).
    public var silent: [String]
    /// Outside observers that had to agree.
    public var quorum: Int

    public init(siteID: String, kind: SiteVerdictKind, reason: String, agreeing: [String] = [], silent: [String] = [],
                quorum: Int) {
        self.siteID = siteID
        self.kind = kind
        self.reason = reason
        self.agreeing = agreeing
        self.silent = silent
        self.quorum = quorum
    }
}

/// How observers' views become a verdict: the detection thresholds every
/// observer counts rounds by, and how many must agree.
public struct VerdictRule: Sendable, Equatable {
    /// Rounds in a row an observer must see a site down for its view to count.
    public var failedRounds: Int
    /// Outside observers that must agree; `nil`: ``defaultQuorum(outside:)``.
    public var quorum: Int?
    /// A view whose round has not moved for this long counts as silent: its
    /// agent renews its lease but no longer judges.
    public var staleAfterSeconds: Double

    public init(failedRounds: Int, quorum: Int? = nil, staleAfterSeconds: Double) {
        self.failedRounds = failedRounds
        self.quorum = quorum
        self.staleAfterSeconds = staleAfterSeconds
    }

    /// A majority of the `outside` observers (never fewer than 2 when 2 or more exist).
    public static func defaultQuorum(outside: Int) -> Int {
        outside <= 0 ? 0 : outside / 2 + 1
    }

    /// True when `read` still counts at `now`: its round moved within ``staleAfterSeconds``.
    public func isLive(_ read: ReadView, at now: EpochMillis) -> Bool {
        now.seconds(since: read.heldSince) <= staleAfterSeconds
    }

    /// The quorum for a site seen by `outside` observers.
    public func quorum(outside: Int) -> Int {
        quorum ?? Self.defaultQuorum(outside: outside)
    }
}

extension SiteVerdict {
    /// The verdict on `siteID` from one read of the views.
    ///
    /// - parameter observers: every configured site (each runs an observer);
    ///   the site's own observer is left out of its verdict: an agent inside
    ///   a failing site cannot vouch for it, nor condemn it.
    /// - parameter servingEvidence: why the site's primary still serves, in
    ///   words (a standby elsewhere still streaming from it, its position
    ///   advancing); empty when nothing says so.
    /// - parameter siteNames: sites' names for the reason, by id (an id stands for a site without one).
    public static func of(_ siteID: String, observers: [String], views: [ReadView], servingEvidence: [String],
                          rule: VerdictRule, at now: EpochMillis, siteNames: [String: String] = [:]) -> SiteVerdict {
        let name = { (id: String) in siteNames[id] ?? id }
        let outside = observers.filter { $0 != siteID }
        let quorum = rule.quorum(outside: outside.count)
        let site = name(siteID)
        var live: [String: ObserverView] = [:]
        for read in views where read.view.siteID == siteID && outside.contains(read.view.observerSiteID) && rule.isLive(read, at: now) {
            live[read.view.observerSiteID] = read.view
        }
        let silent = outside.filter { live[$0] == nil }
        let agreeing = outside.filter { (live[$0]?.state == .down) && (live[$0]?.failedRounds ?? 0) >= rule.failedRounds }
        let seeingDown = outside.filter { live[$0]?.state == .down }
        let seeingUp = outside.filter { live[$0]?.state == .up }
        let names = { (sites: [String]) in Format.list(sites.map(name)) }
        let silence = silent.isEmpty ? "" : "; \(names(silent)) silent"

        guard quorum > 0 else {
            return SiteVerdict(siteID: siteID, kind: .unknown, reason: "no observer outside \(site) is configured",
                               silent: silent, quorum: quorum)
        }
        if agreeing.count >= quorum {
            let rounds = agreeing.compactMap { live[$0]?.failedRounds }.min() ?? rule.failedRounds
            let saw = "\(names(agreeing)): \(site) down for \(Self.rounds(rounds))\(Self.firstReason(agreeing.compactMap { live[$0] }))"
            if servingEvidence.isEmpty {
                return SiteVerdict(siteID: siteID, kind: .down, reason: "\(saw); no standby streams from it",
                                   agreeing: agreeing, silent: silent, quorum: quorum)
            }
            return SiteVerdict(siteID: siteID, kind: .unreachable,
                               reason: "\(saw), but its primary still serves: \(servingEvidence.joined(separator: "; ")); not down",
                               agreeing: agreeing, silent: silent, quorum: quorum)
        }
        if !seeingDown.isEmpty {
            let counts = seeingDown.compactMap { live[$0] }.map { "\(name($0.observerSiteID)) for \(Self.rounds($0.failedRounds))" }
            let up = seeingUp.isEmpty ? "" : "; \(names(seeingUp)) \(seeingUp.count == 1 ? "sees" : "see") it up"
            return SiteVerdict(siteID: siteID, kind: .suspect,
                               reason: "\(site) down as seen by \(Format.list(counts)) (\(agreeing.count) of \(quorum) needed for \(Self.rounds(rule.failedRounds)))\(up)\(silence)",
                               agreeing: agreeing, silent: silent, quorum: quorum)
        }
        if !seeingUp.isEmpty {
            return SiteVerdict(siteID: siteID, kind: .up, reason: "\(names(seeingUp)) \(seeingUp.count == 1 ? "sees" : "see") \(site) up\(silence)",
                               silent: silent, quorum: quorum)
        }
        let why = silent.count == outside.count ? "every observer outside \(site) is silent" : "no observer outside \(site) can judge it"
        return SiteVerdict(siteID: siteID, kind: .unknown, reason: why + (silent.count == outside.count ? "" : silence),
                           silent: silent, quorum: quorum)
    }

    private static func rounds(_ count: Int) -> String { count == 1 ? "1 round" : "\(count) rounds" }

    /// ` (registry-db: connection refused)`: the first failing check the agreeing observers gave.
    private static func firstReason(_ views: [ObserverView]) -> String {
        guard let failing = views.lazy.flatMap(\.failing).first else { return "" }
        return " (\(failing.serviceID): \(failing.reason))"
    }
}
