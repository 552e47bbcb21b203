import WarRoomModel

/// The seeds' alert thresholds (monitoring section): p99 latency, error rate,
/// replication lag over RPO.
public enum AlertThresholds {
    public static let p99LatencyMs = 200.0
    /// 1 %.
    public static let errorRate = 0.01
    /// How long a condition must hold before its alert fires (Prometheus `for:`).
    public static let trafficHoldSeconds = 30.0
    public static let lagHoldSeconds = 15.0
}

/// Alert rules with a hold time, as Prometheus evaluates them: a condition
/// becomes a firing alert once it has held for the rule's `for:` duration, and
/// resolves when it stops holding.
struct AlertRules: Sendable {
    /// What changed in one evaluation.
    enum Change: Sendable {
        case fired(Alert)
        case resolved(Alert)

        var alert: Alert {
            switch self {
            case .fired(let alert), .resolved(let alert): alert
            }
        }
    }

    private var pendingSince: [String: EpochMillis] = [:]
    private(set) var firing: [String: Alert] = [:]

    /// Evaluates one rule instance. `candidate` is the alert as it would fire now.
    mutating func evaluate(_ candidate: Alert, holds condition: Bool, for holdSeconds: Double,
                           at instant: EpochMillis) -> Change? {
        let key = candidate.fingerprint
        guard condition else {
            pendingSince[key] = nil
            guard var alert = firing.removeValue(forKey: key) else { return nil }
            alert.state = .resolved
            alert.endsAt = instant
            return .resolved(alert)
        }
        if firing[key] != nil { return nil }
        let since = pendingSince[key] ?? instant
        pendingSince[key] = since
        guard instant.seconds(since: since) >= holdSeconds else { return nil }
        var alert = candidate
        alert.state = .firing
        alert.startsAt = instant
        firing[key] = alert
        return .fired(alert)
    }

    /// Builds an alert whose fingerprint comes from its labels.
    static func alert(name: String, severity: AlertSeverity, siteID: String?, serviceID: String?,
                      extraLabels: [String: String] = [:], summary: String, description: String,
                      at instant: EpochMillis) -> Alert {
        var labels = extraLabels
        labels["alertname"] = name
        labels["severity"] = severity.rawValue
        if let siteID { labels["site"] = siteID }
        if let serviceID { labels["service"] = serviceID }
        return Alert(fingerprint: Alert.fingerprint(of: labels), name: name, severity: severity, state: .firing,
                     siteID: siteID, serviceID: serviceID, summary: summary, labels: labels,
                     annotations: ["summary": summary, "description": description,
                                   "runbook_url": "https://runbooks.erlmcp.example/\(name)"],
                     startsAt: instant)
    }
}
