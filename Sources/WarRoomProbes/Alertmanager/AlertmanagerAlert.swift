import WarRoomModel

/// How Alertmanager's labels map onto warroom's alerts: which label carries
/// the severity and which the site, and the sites and services configured
/// (a label naming another is kept among the labels, not taken as a site).
public struct AlertLabelMapping: Sendable, Equatable {
    public var severityLabel: String
    public var siteLabel: String
    public var serviceLabel: String
    public var siteIDs: Set<String>
    public var serviceIDs: Set<String>

    public init(severityLabel: String = "severity", siteLabel: String = "site", serviceLabel: String = "service",
                siteIDs: Set<String> = [], serviceIDs: Set<String> = []) {
        self.severityLabel = severityLabel
        self.siteLabel = siteLabel
        self.serviceLabel = serviceLabel
        self.siteIDs = siteIDs
        self.serviceIDs = serviceIDs
    }
}

/// One alert of `GET /api/v2/alerts`, read defensively: a missing or
/// mistyped field makes this alert unreadable (with the reason), never the
/// whole answer, and never a guess.
public struct AlertmanagerAlert: Sendable, Equatable {
    public var fingerprint: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: EpochMillis
    public var endsAt: EpochMillis?
    /// `active`, `suppressed` or `unprocessed`.
    public var state: String
    public var silencedBy: [String]
    public var inhibitedBy: [String]

    /// Reads one element of the API's array.
    public static func read(_ value: JSONValue) -> Result<AlertmanagerAlert, AlertmanagerProblem> {
        guard case .object(let fields) = value else { return .failure(AlertmanagerProblem("an alert that is not an object")) }
        guard case .string(let fingerprint)? = fields["fingerprint"], !fingerprint.isEmpty else {
            return .failure(AlertmanagerProblem("an alert without a fingerprint"))
        }
        func problem(_ text: String) -> Result<AlertmanagerAlert, AlertmanagerProblem> {
            .failure(AlertmanagerProblem("alert \(fingerprint): \(text)", fingerprint: fingerprint))
        }
        guard let labels = fields["labels"]?.stringMap else { return problem("labels missing or not strings") }
        let annotations = fields["annotations"]?.stringMap ?? [:]
        guard case .string(let startsText)? = fields["startsAt"], let startsAt = RFC3339.parse(startsText) else {
            return problem("startsAt missing or not RFC 3339")
        }
        var endsAt: EpochMillis?
        if case .string(let endsText)? = fields["endsAt"] {
            guard let parsed = RFC3339.parse(endsText) else { return problem("endsAt is not RFC 3339 ('\(endsText)')") }
            endsAt = parsed
        }
        guard case .object(let status)? = fields["status"], case .string(let state)? = status["state"] else {
            return problem("status.state missing")
        }
        return .success(AlertmanagerAlert(
            fingerprint: fingerprint, labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt,
            state: state, silencedBy: status["silencedBy"]?.strings ?? [], inhibitedBy: status["inhibitedBy"]?.strings ?? []))
    }

    /// The alert as warroom keeps it.
    public func alert(_ mapping: AlertLabelMapping) -> Alert {
        let name = labels["alertname"] ?? "(no alertname)"
        let alertState: AlertState = switch state {
        case "suppressed" where !silencedBy.isEmpty: .silenced
        case "suppressed" where !inhibitedBy.isEmpty: .inhibited
        case "suppressed": .silenced
        default: .firing   // active, and unprocessed: not yet routed, but firing all the same
        }
        return Alert(
            fingerprint: fingerprint, name: name, severity: Self.severity(labels[mapping.severityLabel]),
            state: alertState,
            siteID: labels[mapping.siteLabel].flatMap { mapping.siteIDs.contains($0) ? $0 : nil },
            serviceID: labels[mapping.serviceLabel].flatMap { mapping.serviceIDs.contains($0) ? $0 : nil },
            summary: annotations["summary"] ?? annotations["description"] ?? annotations["message"] ?? name,
            labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt, silenceIDs: silencedBy)
    }

    /// Severity words in common use; anything else (or none) is a warning:
    /// an alert of unknown urgency is not hidden as information.
    static func severity(_ label: String?) -> AlertSeverity {
        switch label?.lowercased() {
        case "critical", "crit", "page", "error", "high", "p1", "p2", "emergency", "alert", "fatal": .critical
        case "info", "informational", "low", "none", "notice", "debug", "p4", "p5": .info
        default: .warning
        }
    }
}

/// Why (part of) an Alertmanager answer could not be read.
public struct AlertmanagerProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    /// The alert it is about, when it had a fingerprint: still present, only unreadable.
    public var fingerprint: String?

    public init(_ description: String, fingerprint: String? = nil) {
        self.description = description
        self.fingerprint = fingerprint
    }
}
