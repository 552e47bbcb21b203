import WarRoomModel

/// One configured expression and what its value stands for.
public struct PrometheusQuery: Sendable, Equatable {
    public enum Meaning: Sendable, Equatable {
        /// A replication link's lag in seconds (postgres_exporter's `pg_replication_lag`).
        case linkLag(linkID: String)
        /// A service at a site is up when the value is above 0 (`pg_up`, `redis_up`).
        case up(siteID: String, serviceID: String)
        /// A service's latency in seconds, judged against thresholds.
        case latency(siteID: String, serviceID: String, warningSeconds: Double?, criticalSeconds: Double?)
    }

    public var meaning: Meaning
    public var expression: String

    public init(_ meaning: Meaning, expression: String) {
        self.meaning = meaning
        self.expression = expression
    }

    /// What the samples of one query mean, as an event; errors and empty
    /// answers are `unknown` with the reason. Several series: the worst one
    /// counts (the largest lag or latency, the lowest up).
    public func event(_ answer: Result<[PrometheusSample], PrometheusProblem>, at instant: EpochMillis) -> AgentEvent {
        var value: Double?
        var detail: String
        switch answer {
        case .failure(let problem):
            detail = "Prometheus: \(problem)"
        case .success(let samples):
            // `up` may be any finite number (above 0 is up); a lag or a latency is never negative.
            let negativeAllowed: Bool
            if case .up = meaning { negativeAllowed = true } else { negativeAllowed = false }
            let checked = samples.map { OutsideNumber.check($0.value, negativeAllowed: negativeAllowed) }
            let values = checked.compactMap { try? $0.get() }
            let series = samples.count > 1 ? " (worst of \(samples.count) series)" : ""
            if samples.isEmpty {
                detail = "Prometheus: \(expression) returned no series"
            } else if values.count < samples.count, case .failure(let problem)? = checked.first(where: { (try? $0.get()) == nil }) {
                // One unreadable series hides what it stands for: the worst cannot be known.
                detail = "Prometheus: \(expression) = \(problem)" + series
            } else {
                if case .up = meaning { value = values.min() } else { value = values.max() }
                let shown = value.map { Format.fixed($0, $0 == $0.rounded() ? 0 : 3) } ?? "?"
                detail = "Prometheus: \(expression) = \(shown)" + series
            }
        }
        switch meaning {
        case .linkLag(let linkID):
            let lag = value
            return .replication(ReplicationObservation(
                linkID: linkID, state: lag == nil ? .unknown : .streaming, observedAt: instant, lagSeconds: lag,
                dataAtRiskSeconds: lag, detail: detail))
        case .up(let siteID, let serviceID):
            let state: HealthState = value.map { $0 > 0 ? .ok : .critical } ?? .unknown
            return .health(HealthCheck(siteID: siteID, serviceID: serviceID, state: state, latencyMs: nil, errorRate: nil,
                                       observedAt: instant, detail: detail))
        case .latency(let siteID, let serviceID, let warning, let critical):
            var state: HealthState = value == nil ? .unknown : .ok
            if let seconds = value {
                if let critical, seconds >= critical { state = .critical } else if let warning, seconds >= warning { state = .warning }
            }
            return .health(HealthCheck(siteID: siteID, serviceID: serviceID, state: state, latencyMs: value.map { $0 * 1000 },
                                       errorRate: nil, observedAt: instant, detail: detail))
        }
    }
}
