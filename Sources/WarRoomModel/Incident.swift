/// How bad an incident is; SEV1 is the worst.
public enum IncidentSeverity: String, Codable, Sendable, CaseIterable {
    case sev1, sev2, sev3, sev4
}

/// Where an incident is in its life: investigating → identified →
/// mitigating → monitoring → resolved (and reopened).
public enum IncidentStatus: String, Codable, Sendable, CaseIterable {
    case investigating, identified, mitigating, monitoring, resolved

    /// A status as stored; the names of schema v9 and before (`open`,
    /// `mitigated`) read as what they meant. Unknown text is `nil`.
    public init?(stored: String) {
        switch stored {
        case "open": self = .investigating
        case "mitigated": self = .monitoring
        default: self.init(rawValue: stored)
        }
    }

    /// Not resolved: the incident is still being worked.
    public var isOpen: Bool { self != .resolved }

    /// Lower case, as a sentence says it.
    public var words: String { rawValue }
}

/// An incident the agent opened (or an operator declared).
public struct Incident: Codable, Sendable, Hashable, Identifiable {
    /// e.g. `INC-0001`.
    public var id: String
    public var title: String
    public var severity: IncidentSeverity
    public var status: IncidentStatus
    /// Who leads it; `nil` while nobody has taken command.
    public var commander: String?
    /// Who keeps its timeline, if anybody.
    public var scribe: String?
    /// Who speaks to the people outside the war room, if anybody.
    public var liaison: String?
    /// The service whose RTO the incident's clock runs against.
    public var serviceID: String?
    /// When the outage began (the RTO clock starts here, not at detection).
    public var impactStartedAt: EpochMillis
    public var openedAt: EpochMillis
    public var mitigatedAt: EpochMillis?
    public var resolvedAt: EpochMillis?
    /// The site whose outage it is about, when the agent opened it on detection.
    public var siteID: String?
    /// When the incident last escalated (kept by the cache; the console's bell rings on a newer one).
    public var escalatedAt: EpochMillis?
    /// In a cluster, the site whose agent keeps this incident when it is not
    /// this site's: a mirror of the decider's record, acted on there.
    public var keptAt: String?

    public init(id: String, title: String, severity: IncidentSeverity, status: IncidentStatus,
                commander: String?, serviceID: String?, impactStartedAt: EpochMillis,
                openedAt: EpochMillis, mitigatedAt: EpochMillis? = nil, resolvedAt: EpochMillis? = nil,
                siteID: String? = nil, scribe: String? = nil, liaison: String? = nil, escalatedAt: EpochMillis? = nil,
                keptAt: String? = nil) {
        self.id = id
        self.title = title
        self.severity = severity
        self.status = status
        self.commander = commander
        self.serviceID = serviceID
        self.impactStartedAt = impactStartedAt
        self.openedAt = openedAt
        self.mitigatedAt = mitigatedAt
        self.resolvedAt = resolvedAt
        self.siteID = siteID
        self.scribe = scribe
        self.liaison = liaison
        self.escalatedAt = escalatedAt
        self.keptAt = keptAt
    }

    /// Who holds each role now.
    public var roles: [IncidentRole: String] {
        var roles: [IncidentRole: String] = [:]
        roles[.commander] = commander
        roles[.scribe] = scribe
        roles[.liaison] = liaison
        return roles
    }
}

/// What kind of thing a timeline entry records.
public enum TimelineKind: String, Codable, Sendable, CaseIterable {
    case detection, alert, incident, plan, step, approval, note, escalation, output
    /// Automatic failover paused, resumed, held back, or a decision mode chosen.
    case automation
}

/// One entry of an incident's timeline.
public struct TimelineEvent: Codable, Sendable, Hashable {
    public var incidentID: String
    public var at: EpochMillis
    public var kind: TimelineKind
    /// Who did it: an operator's user name, or `agent`.
    public var actor: String
    /// Text that may come from outside (command output): sanitize before display.
    public var text: String

    public init(incidentID: String, at: EpochMillis, kind: TimelineKind, actor: String, text: String) {
        self.incidentID = incidentID
        self.at = at
        self.kind = kind
        self.actor = actor
        self.text = text
    }
}
