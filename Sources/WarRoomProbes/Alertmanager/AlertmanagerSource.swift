import Foundation
import Logging
import WarRoomModel

/// Where Alertmanager answers and how its alerts map onto warroom's.
public struct AlertmanagerSettings: Sendable, Equatable {
    /// The base URL, e.g. `http://127.0.0.1:9093`.
    public var url: String
    public var mapping: AlertLabelMapping
    public var intervalSeconds: Double
    public var timeoutSeconds: Double

    public init(url: String, mapping: AlertLabelMapping = AlertLabelMapping(), intervalSeconds: Double = 5,
                timeoutSeconds: Double = 2) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.mapping = mapping
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Polls Alertmanager's `GET /api/v2/alerts` and hands the agent loop what
/// changed: alerts new or changed (upserted by fingerprint), the set present
/// (alerts that disappeared have ended and are resolved), and whether
/// Alertmanager answers. An alert the answer holds that cannot be read is
/// named in the source's status, never silently left out.
public final class AlertmanagerSource: PolledSource, @unchecked Sendable {
    public static let name = "alertmanager"
    private let settings: AlertmanagerSettings
    private let http: HTTPExchange
    private let logger: Logger
    public let now: @Sendable () -> EpochMillis
    public let loop = PollingLoop()
    public var intervalSeconds: Double { settings.intervalSeconds }
    /// What was last handed on, so only changes are: guarded by `lock`.
    private let lock = NSLock()
    private var known: [String: Alert] = [:]
    private var presentSent: Set<String>?
    private var status: SourceStatus?

    public init(settings: AlertmanagerSettings, http: HTTPExchange = HTTPExchange(),
                logger: Logger = Logger(label: "warroom.alertmanager"), now: @escaping @Sendable () -> EpochMillis) {
        self.settings = settings
        self.http = http
        self.logger = logger
        self.now = now
    }

    /// One poll: what Alertmanager holds now, judged against what it held before.
    public func poll() async {
        let instant = now()
        let answer = await http.send(.GET, settings.url + "/api/v2/alerts", timeout: settings.timeoutSeconds)
        switch Self.read(answer) {
        case .failure(let problem):
            record(status: false, detail: problem.description, at: instant, alerts: nil)
        case .success(let (alerts, unreadable)):
            let detail = unreadable.isEmpty ? "\(alerts.count) alerts"
                : "\(alerts.count) alerts; \(unreadable.count) could not be read: \(unreadable.prefix(3).map(\.description).joined(separator: "; "))"
            record(status: true, detail: detail, at: instant, alerts: alerts.map { $0.alert(settings.mapping) },
                   unreadable: Set(unreadable.compactMap(\.fingerprint)))
        }
    }

    /// The readable alerts of an answer, and the problems with the others.
    public static func read(_ answer: Result<(status: Int, body: [UInt8]), HTTPExchange.Failure>)
        -> Result<([AlertmanagerAlert], [AlertmanagerProblem]), AlertmanagerProblem> {
        switch answer {
        case .failure(let failure):
            return .failure(AlertmanagerProblem(failure.description))
        case .success(let (status, body)) where status != 200:
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(AlertmanagerProblem("HTTP \(status) from /api/v2/alerts\(text.isEmpty ? "" : ": \(text)")"))
        case .success(let (_, body)):
            guard case .array(let items)? = JSONValue.parse(body) else {
                return .failure(AlertmanagerProblem("/api/v2/alerts did not answer with a JSON array"))
            }
            var alerts: [AlertmanagerAlert] = []
            var problems: [AlertmanagerProblem] = []
            for item in items {
                switch AlertmanagerAlert.read(item) {
                case .success(let alert): alerts.append(alert)
                case .failure(let problem): problems.append(problem)
                }
            }
            return .success((alerts, problems))
        }
    }

    /// `unreadable`: fingerprints Alertmanager still lists but whose alerts
    /// could not be read; they are kept as the cache has them, never resolved.
    private func record(status ok: Bool, detail: String, at instant: EpochMillis, alerts: [Alert]?,
                        unreadable: Set<String> = []) {
        var changedStatus = false
        var pending: [AgentEvent] = []
        lock.withLock {
            if status?.ok != ok || status?.detail != detail {
                // `since` moves only when answering starts or stops, not when the count changes.
                let since = status.flatMap { $0.ok == ok ? $0.since : nil } ?? instant
                let next = SourceStatus(name: Self.name, ok: ok, detail: detail, since: since)
                status = next
                pending.append(.sourceStatus(next))
                changedStatus = since == instant
            }
            guard let alerts else { return }
            for alert in alerts where known[alert.fingerprint] != alert {
                known[alert.fingerprint] = alert
                pending.append(.alert(alert))
            }
            let present = Set(alerts.map(\.fingerprint)).union(unreadable)
            if presentSent != present {
                presentSent = present
                known = known.filter { present.contains($0.key) }
                pending.append(.alertsPresent(fingerprints: present.sorted(), at: instant))
            }
        }
        loop.add(pending)
        if changedStatus {
            if ok { logger.info("alertmanager answers: \(detail)") } else { logger.warning("alertmanager: \(detail)") }
        }
    }
}
