import WarRoomModel

extension StatusReport {
    /// The cluster this cache's agent belongs to, as `status` reports it:
    /// whether its reads have quorum, who decides, each site's verdict and
    /// every observer's view (left out for an agent alone).
    public struct ClusterLine: Codable, Sendable, Equatable {
        public struct VerdictLine: Codable, Sendable, Equatable {
            public var site: String
            /// `up`, `down`, `unreachable`, `suspect` or `unknown`.
            public var verdict: SiteVerdictKind
            public var reason: String
            /// Observers outside the site that see it down for enough rounds.
            public var agreeing: [String]
            /// Observers outside the site with no live view of it.
            public var silent: [String]
            /// Observers outside the site that must agree.
            public var quorum: Int
        }

        public struct ObserverLine: Codable, Sendable, Equatable {
            public var observer: String
            public var site: String
            /// `up`, `down` or `unknown`, as the observer saw it.
            public var state: ObservedState
            public var failedRounds: Int
            public var round: Int64
            /// The observer's own clock at its round.
            public var observedAt: EpochMillis
            /// False when its round has not moved for too long: it counts as silent.
            public var live: Bool
            public var failing: [String]
        }

        /// The deployment's name.
        public var name: String
        /// The site this cache's agent runs at.
        public var site: String
        /// The site whose agent decides; `null` when none is known.
        public var decider: String?
        /// False while this agent's reads have no quorum: the views are frozen.
        public var quorum: Bool
        public var revision: Int64?
        public var readAt: EpochMillis?
        public var cutOffSince: EpochMillis?
        public var cutOffReason: String?
        public var verdicts: [VerdictLine]
        public var observers: [ObserverLine]

        /// - parameter links: the replication links as measured: a standby that streams from a site is evidence its primary serves.
        public init(_ status: ClusterStatus, links: [ReplicationLink], at now: EpochMillis, siteNames: [String: String]) {
            name = status.cluster
            site = status.siteID
            decider = status.deciderSiteID
            quorum = status.hasQuorum
            revision = status.revision
            readAt = status.readAt
            cutOffSince = status.cutOffSince
            cutOffReason = status.cutOffReason
            let serving = ServingEvidence.of(links, at: now, freshSeconds: status.rule.staleAfterSeconds, siteNames: siteNames)
            verdicts = status.verdicts(at: now, siteNames: siteNames, servingEvidence: serving).map {
                VerdictLine(site: $0.siteID, verdict: $0.kind, reason: $0.reason, agreeing: $0.agreeing, silent: $0.silent,
                            quorum: $0.quorum)
            }
            observers = status.views.map { read in
                ObserverLine(observer: read.view.observerSiteID, site: read.view.siteID, state: read.view.state,
                             failedRounds: read.view.failedRounds, round: read.view.round, observedAt: read.view.observedAt,
                             live: status.rule.isLive(read, at: now), failing: read.view.failing.map { "\($0.serviceID): \($0.reason)" })
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(site, forKey: .site)
            try container.encode(decider, forKey: .decider)
            try container.encode(quorum, forKey: .quorum)
            try container.encode(revision, forKey: .revision)
            try container.encode(readAt, forKey: .readAt)
            try container.encode(cutOffSince, forKey: .cutOffSince)
            try container.encode(cutOffReason, forKey: .cutOffReason)
            try container.encode(verdicts, forKey: .verdicts)
            try container.encode(observers, forKey: .observers)
        }

        enum CodingKeys: String, CodingKey {
            case name, site, decider, quorum, revision, readAt, cutOffSince, cutOffReason, verdicts, observers
        }
    }
}
