/// How urgent an alert is, as Alertmanager's `severity` label says it.
public enum AlertSeverity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, warning, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// Where an alert is in its life.
public enum AlertState: String, Codable, Sendable, CaseIterable {
    case firing, acknowledged, silenced, resolved
    /// Suppressed by Alertmanager because another alert inhibits it.
    case inhibited
}

/// An alert as Alertmanager reports it, identified by its label fingerprint.
public struct Alert: Codable, Sendable, Hashable, Identifiable {
    public var fingerprint: String
    /// The alert rule's name, e.g. `ReplicationLagOverRPO`.
    public var name: String
    public var severity: AlertSeverity
    public var state: AlertState
    public var siteID: String?
    public var serviceID: String?
    /// Text from outside: sanitize before it reaches a terminal.
    public var summary: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: EpochMillis
    public var endsAt: EpochMillis?
    /// The Alertmanager silences that silence it (`status.silencedBy`).
    public var silenceIDs: [String]

    public var id: String { fingerprint }

    public init(fingerprint: String, name: String, severity: AlertSeverity, state: AlertState,
                siteID: String?, serviceID: String?, summary: String,
                labels: [String: String] = [:], annotations: [String: String] = [:],
                startsAt: EpochMillis, endsAt: EpochMillis? = nil, silenceIDs: [String] = []) {
        self.fingerprint = fingerprint
        self.name = name
        self.severity = severity
        self.state = state
        self.siteID = siteID
        self.serviceID = serviceID
        self.summary = summary
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.silenceIDs = silenceIDs
    }

    /// A stable fingerprint of a label set (FNV-1a over the sorted pairs), the
    /// same for the same labels in any order, as Alertmanager's is.
    public static func fingerprint(of labels: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            for byte in key.utf8 + [0xff] + value.utf8 + [0xfe] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
