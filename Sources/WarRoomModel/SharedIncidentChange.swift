/// An operator's note on an incident, or a change of its status, severity or
/// roles, as a cluster holds it: numbered among the incident's changes and
/// created once, like a decision on a step (``SharedDecision``), so that two
/// sites changing one incident at once make one change and the other is
/// checked again against it. Every site's agent mirrors it in commit order.
/// A pause or resume of automatic failover is kept the same way, under
/// ``automation`` instead of an incident: every site, and whichever decides
/// next, holds the same pause.
public struct SharedIncidentChange: Codable, Sendable, Equatable {
    /// What was done.
    public enum Kind: Codable, Sendable, Equatable {
        case note(String)
        case change(IncidentChange)
        /// Automatic failover paused (who, why, since, until).
        case pause(AutomationPause)
        /// Automatic failover resumed.
        case resume
    }

    /// What pauses and resumes of automatic failover are kept under, in place of an incident.
    public static let automation = "automation"

    /// The incident changed, or ``automation``.
    public var incidentID: String
    /// Its place among the incident's changes (1, 2, …): the last part of its key.
    public var number: Int
    public var kind: Kind
    /// The operating-system user, as the kernel told the agent that took it.
    public var operatorName: String
    /// The site whose agent took it.
    public var siteID: String
    public var at: EpochMillis
    /// The audit entry's action (`note`, `incident.status`, …).
    public var auditAction: String
    /// The timeline's line and the audit entry's detail, the same at every site.
    public var words: String
    /// The revision of the cluster's store it was committed at, once read back.
    public var revision: Int64?

    public init(incidentID: String, number: Int, kind: Kind, operatorName: String, siteID: String, at: EpochMillis,
                auditAction: String, words: String, revision: Int64? = nil) {
        self.incidentID = incidentID
        self.number = number
        self.kind = kind
        self.operatorName = operatorName
        self.siteID = siteID
        self.at = at
        self.auditAction = auditAction
        self.words = words
        self.revision = revision
    }
}

/// Everything operators decided that a cluster holds: the decisions on
/// steps and the changes to incidents, each in commit order.
public struct SharedLedger: Sendable, Equatable {
    public var decisions: [SharedDecision]
    public var changes: [SharedIncidentChange]

    public init(decisions: [SharedDecision] = [], changes: [SharedIncidentChange] = []) {
        self.decisions = decisions
        self.changes = changes
    }

    public var isEmpty: Bool { decisions.isEmpty && changes.isEmpty }
}
