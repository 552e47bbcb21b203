import Foundation
import WarRoomModel

/// Where Prometheus answers, and the expressions to ask it.
public struct PrometheusSettings: Sendable, Equatable {
    public var url: String
    public var queries: [PrometheusQuery]
    public var intervalSeconds: Double
    public var timeoutSeconds: Double

    public init(url: String, queries: [PrometheusQuery], intervalSeconds: Double = 5, timeoutSeconds: Double = 2) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.queries = queries
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Asks Prometheus the configured instant queries (`GET /api/v1/query`) on
/// an interval, all at once, and hands the agent loop what each value means:
/// a link's lag, a service's health or latency.
public final class PrometheusSource: PolledSource, @unchecked Sendable {
    private let settings: PrometheusSettings
    private let http: HTTPExchange
    public let now: @Sendable () -> EpochMillis
    public let loop = PollingLoop()
    public var intervalSeconds: Double { settings.intervalSeconds }

    public init(settings: PrometheusSettings, http: HTTPExchange = HTTPExchange(), now: @escaping @Sendable () -> EpochMillis) {
        self.settings = settings
        self.http = http
        self.now = now
    }

    /// One round: every query at once; their events in configuration order.
    public func poll() async {
        let events = await withTaskGroup(of: (Int, AgentEvent).self) { group in
            for (index, query) in settings.queries.enumerated() {
                group.addTask { (index, await self.ask(query)) }
            }
            var events: [(Int, AgentEvent)] = []
            for await event in group { events.append(event) }
            return events.sorted { $0.0 < $1.0 }.map(\.1)
        }
        loop.add(events)
    }

    /// One query, judged.
    public func ask(_ query: PrometheusQuery) async -> AgentEvent {
        let instant = now()
        var components = URLComponents(string: settings.url + "/api/v1/query")
        components?.queryItems = [URLQueryItem(name: "query", value: query.expression)]
        // `+` is a space in a query string: encode it, or `a + b` reaches Prometheus as `a   b`.
        let url = (components?.url?.absoluteString ?? settings.url).replacingOccurrences(of: "+", with: "%2B")
        let answer: Result<[PrometheusSample], PrometheusProblem>
        switch await http.send(.GET, url, timeout: settings.timeoutSeconds) {
        case .failure(let failure): answer = .failure(PrometheusProblem(failure.description))
        case .success(let (status, body)): answer = PrometheusAnswer.parse(status: status, body: body)
        }
        return query.event(answer, at: instant)
    }
}
