/// What one agent makes of one site in its own detection round.
public enum ObservedState: String, Codable, Sendable, CaseIterable {
    /// Every critical check of the site passed from where the observer stands.
    case up
    /// A critical check failed in this round (``ObserverView/failedRounds`` in a row).
    case down
    /// The observer could not judge: no critical check of the site, or its round did not finish.
    case unknown
}

/// One observer's view of one site, as its agent writes it to the cluster
/// each detection round (`/warroom/<cluster>/views/<observer>/<site>`), under
/// the agent's lease: when the agent stops renewing the lease, its views
/// vanish and the observer is silent. One writer per key.
public struct ObserverView: Codable, Sendable, Equatable {
    /// Most failing checks a view carries: a view is one small etcd value.
    public static let failingLimit = 8
    /// Most characters of a failing check's reason a view carries.
    public static let reasonLimit = 200

    /// The site whose agent observed.
    public var observerSiteID: String
    /// The site observed.
    public var siteID: String
    public var state: ObservedState
    /// The critical checks failing in the observer's last round, with their reasons (bounded).
    public var failing: [FailingService]
    /// Consecutive rounds in which a critical check failed; 0 when up.
    public var failedRounds: Int
    /// The observer's wall clock at its round: a stamp to show, never compared across sites.
    public var observedAt: EpochMillis
    /// The observer's round number, rising by one a round while its agent runs.
    public var round: Int64
    /// The observer agent's warroom version.
    public var version: String

    public init(observerSiteID: String, siteID: String, state: ObservedState, failing: [FailingService] = [],
                failedRounds: Int = 0, observedAt: EpochMillis, round: Int64, version: String) {
        self.observerSiteID = observerSiteID
        self.siteID = siteID
        self.state = state
        self.failing = Array(failing.prefix(Self.failingLimit)).map {
            FailingService(serviceID: String($0.serviceID.prefix(Self.reasonLimit)), reason: String($0.reason.prefix(Self.reasonLimit)))
        }
        self.failedRounds = max(0, failedRounds)
        self.observedAt = observedAt
        self.round = round
        self.version = version
    }
}

/// A view as one read of the cluster found it, with when this agent first
/// read that round of it (its own clock): a view whose round stops moving
/// while its lease is still renewed is an observer that no longer judges.
public struct ReadView: Sendable, Equatable {
    public var view: ObserverView
    /// This agent's clock when it first read `view.round` from this observer.
    public var heldSince: EpochMillis

    public init(view: ObserverView, heldSince: EpochMillis) {
        self.view = view
        self.heldSince = heldSince
    }
}
