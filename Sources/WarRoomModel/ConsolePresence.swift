/// A step a console's operator has the approval dialog open on.
public struct ConfirmingStep: Codable, Sendable, Hashable {
    public var planID: String
    public var stepNumber: Int
    public var decision: ApprovalDecision

    public init(planID: String, stepNumber: Int, decision: ApprovalDecision) {
        self.planID = planID
        self.stepNumber = stepNumber
        self.decision = decision
    }
}

/// What a console says of itself to its agent, every few seconds and at
/// each change: which screen it shows, which step's dialog it has open.
/// Who runs it the agent learns from the kernel, never from this.
public struct ConsoleReport: Codable, Sendable, Equatable {
    /// Names this console among all: its host and process id.
    public var consoleID: String
    public var host: String
    /// The screen's name (`Failover`).
    public var screen: String
    public var confirming: ConfirmingStep?
    /// The console is closing: forget it now rather than when it goes stale.
    public var leaving: Bool

    public init(consoleID: String, host: String, screen: String, confirming: ConfirmingStep? = nil, leaving: Bool = false) {
        self.consoleID = consoleID
        self.host = host
        self.screen = screen
        self.confirming = confirming
        self.leaving = leaving
    }
}

/// A console as the agents know it: who runs it, on which host, through
/// which site's agent, what it shows. Information, never a lock: it may be
/// stale by a report interval here and a lease across sites, and it never
/// holds up anybody's approval.
public struct ConsolePresence: Codable, Sendable, Equatable {
    public var consoleID: String
    /// The operating-system user, as the kernel told the agent.
    public var operatorName: String
    public var host: String
    /// The site whose agent the console speaks to; `nil` for an agent alone.
    public var siteID: String?
    public var screen: String
    public var confirming: ConfirmingStep?
    /// When its agent last heard from it (that agent's wall clock).
    public var seenAt: EpochMillis

    public init(consoleID: String, operatorName: String, host: String, siteID: String?, screen: String,
                confirming: ConfirmingStep?, seenAt: EpochMillis) {
        self.consoleID = consoleID
        self.operatorName = operatorName
        self.host = host
        self.siteID = siteID
        self.screen = screen
        self.confirming = confirming
        self.seenAt = seenAt
    }

    /// Seconds between a console's reports when nothing changes.
    public static let reportSeconds = 2.0
    /// A console not heard from for this long is gone (it stopped, or its agent did).
    public static let freshSeconds = 10.0

    /// The consoles heard from lately, but for `own`, in a stable order.
    public static func present(_ all: [ConsolePresence], now: EpochMillis, excluding own: String? = nil) -> [ConsolePresence] {
        all.filter { $0.consoleID != own && now.seconds(since: $0.seenAt) <= freshSeconds }
            .sorted { ($0.siteID ?? "", $0.operatorName, $0.consoleID) < ($1.siteID ?? "", $1.operatorName, $1.consoleID) }
    }

    /// `ana (London)`: the user, and the site named by `siteName` when known.
    public func who(siteName: (String) -> String) -> String {
        operatorName + (siteID.map { " (\(siteName($0)))" } ?? " (\(host))")
    }
}
