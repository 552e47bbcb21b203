import WarRoomModel
import WarRoomReports

/// What a frame is drawn from besides the UI state: the latest snapshot (or
/// why there is none), the time, and how to draw.
public struct ConsoleContext: Sendable {
    /// `nil` until the first successful read.
    public var snapshot: CacheSnapshot? {
        get { storedSnapshot }
        set {
            storedSnapshot = newValue
            index = SnapshotIndex(newValue, glyphs: glyphs)
            memo = SnapshotMemo()
        }
    }
    private var storedSnapshot: CacheSnapshot?
    /// Why the cache can't be read right now (shown as a banner; the last
    /// snapshot, if any, is still drawn, as stale).
    public var cacheProblem: String?
    public var wallNow: EpochMillis
    public var clock: ClockText
    public var glyphs: Glyphs {
        didSet { index = SnapshotIndex(snapshot, glyphs: glyphs); memo = SnapshotMemo() }
    }
    private var index = SnapshotIndex()
    /// Lists sorted from this snapshot, shared by the copies of this context.
    private(set) var memo = SnapshotMemo()
    /// The operating-system user running the console.
    public var operatorName: String
    /// Their groups (approver policies may name groups).
    public var operatorGroups: [String] = []
    /// This console's own id, as it reports itself to its agent (``ConsoleReport``).
    public var consoleID: String?
    public var policy: FreshnessPolicy {
        didSet { memo = SnapshotMemo() }
    }
    /// A one-line message for the footer (e.g. a theme file problem).
    public var notice: String?
    /// True when the notice reports something done (drawn as ok, not as a warning).
    public var noticeIsSuccess = false

    public init(snapshot: CacheSnapshot?, cacheProblem: String? = nil, wallNow: EpochMillis, clock: ClockText,
                glyphs: Glyphs, operatorName: String, policy: FreshnessPolicy = FreshnessPolicy(), notice: String? = nil) {
        storedSnapshot = snapshot
        self.cacheProblem = cacheProblem
        self.wallNow = wallNow
        self.clock = clock
        self.glyphs = glyphs
        self.operatorName = operatorName
        self.policy = policy
        self.notice = notice
        index = SnapshotIndex(snapshot, glyphs: glyphs)
    }

    /// Puts the sparklines' history into the snapshot, keeping what was
    /// worked out from it (the history changes none of it).
    public mutating func attach(_ history: SparklineHistory) {
        storedSnapshot?.linkHistory = history.links
        storedSnapshot?.latencyHistory = history.latency
    }

    /// The other consoles heard from lately, at every site (presence: information, never a lock).
    public var otherConsoles: [ConsolePresence] {
        ConsolePresence.present(snapshot?.consoles ?? [], now: wallNow, excluding: consoleID)
    }

    /// `ana (London) is confirming` for each other console with the dialog
    /// open on that step, among `others` (``otherConsoles`` unless given:
    /// a screen asking for many steps works them out once).
    public func confirming(planID: String, stepNumber: Int, among others: [ConsolePresence]? = nil) -> [String] {
        (others ?? otherConsoles).filter { $0.confirming?.planID == planID && $0.confirming?.stepNumber == stepNumber }.map {
            "\(glyphs.safe($0.who(siteName: siteName))) is \($0.confirming?.decision == .rejected ? "rejecting" : "confirming")"
        }
    }

    /// True when nothing shown may be taken as current: the agent missed its
    /// heartbeats, or the cache can't be read.
    public var isStale: Bool {
        cacheProblem != nil || policy.isAgentStale(snapshot?.heartbeat, wallNow: wallNow)
    }

    /// A site's health: the worst of its checks as they may be shown now.
    /// Worked out for every site once per snapshot: a fleet's Overview asks
    /// for each site several times a frame.
    public func siteHealth(_ siteID: String) -> HealthState {
        guard let snapshot, !isStale else { return .stale }
        let all = memo.siteHealth {
            Dictionary(snapshot.sites.map { site in
                (site.id, policy.siteHealth(of: index.checks(ofSite: site.id), heartbeat: snapshot.heartbeat, wallNow: wallNow))
            }, uniquingKeysWith: { first, _ in first })
        }
        return all[siteID] ?? .unknown
    }

    public func serviceHealth(site siteID: String, service serviceID: String) -> HealthState {
        guard let snapshot, !isStale else { return .stale }
        guard let check = index.check(site: siteID, service: serviceID) else {
            return .unknown
        }
        return policy.effectiveState(of: check, heartbeat: snapshot.heartbeat, wallNow: wallNow)
    }

    public func rpoStatus(_ link: ReplicationLink) -> RPOStatus {
        policy.rpoStatus(of: link, agentStale: isStale)
    }

    /// Each configured failover's readiness now (a few per deployment: worked out when asked).
    public var readiness: [FailoverReadiness] {
        guard let snapshot else { return [] }
        return snapshot.failovers.map { FailoverReadiness.evaluate($0, snapshot: snapshot, wallNow: wallNow, policy: policy) }
    }

    public func siteName(_ id: String) -> String {
        index.siteName(id) ?? glyphs.safe(id)
    }

    /// Now on the agent's clock (where observation times live).
    public var agentNow: EpochMillis {
        AgentHeartbeat.agentNow(snapshot?.heartbeat, wallNow: wallNow)
    }

    /// `12s ago` for an instant on the agent's clock.
    public func age(_ instant: EpochMillis) -> String {
        Format.age(max(0, agentNow.seconds(since: instant))) + " ago"
    }
}

/// Which role draws each state, so the same state looks the same everywhere.
public enum StateRole {
    public static func health(_ state: HealthState) -> StyleRole {
        switch state {
        case .ok: .ok
        case .warning: .warning
        case .critical: .critical
        case .unknown: .unknown
        case .stale: .stale
        }
    }

    public static func rpo(_ status: RPOStatus) -> StyleRole {
        switch status {
        case .ok: .ok
        case .warning: .warning
        case .breach: .critical
        case .unknown: .unknown
        }
    }

    public static func rto(_ status: RTOStatus) -> StyleRole {
        switch status {
        case .ok: .ok
        case .warning: .warning
        case .breach: .critical
        }
    }

    public static func link(_ state: LinkState) -> StyleRole {
        switch state {
        case .streaming: .ok
        case .catchingUp: .warning
        case .disconnected: .critical
        case .unknown: .unknown
        }
    }

    public static func severity(_ severity: AlertSeverity) -> StyleRole {
        switch severity {
        case .info: .accent
        case .warning: .warning
        case .critical: .critical
        }
    }

    public static func step(_ state: StepState) -> StyleRole {
        switch state {
        case .succeeded: .ok
        case .awaitingApproval, .rolledBack: .warning
        case .failed, .timedOut, .unknown: .critical
        case .running, .approved: .accent
        case .pending, .rejected, .expired, .skipped: .muted
        }
    }
}
