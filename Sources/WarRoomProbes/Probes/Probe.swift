import WarRoomModel

/// What one run of a check saw.
public struct ProbeResult: Sendable, Equatable {
    public var state: HealthState
    /// Time to the answer, when there was one.
    public var latencyMs: Double?
    /// In words: the summary when healthy, the reason otherwise (never empty).
    public var detail: String
    /// A command check's performance data.
    public var performance: [PerformanceDatum]

    public init(state: HealthState, latencyMs: Double? = nil, detail: String, performance: [PerformanceDatum] = []) {
        self.state = state
        self.latencyMs = latencyMs
        self.detail = detail
        self.performance = performance
    }

    /// A probe that could not get an answer: `unknown` with the reason, never ok.
    public static func failed(_ reason: String, latencyMs: Double? = nil) -> ProbeResult {
        ProbeResult(state: .unknown, latencyMs: latencyMs, detail: reason)
    }
}

/// One probe kind (HTTP, TCP, command, …): given a check's configuration,
/// runs it once within its timeout and says what it saw. A probe never
/// throws and never writes the cache: every failure is a result with its reason.
public protocol Probe: Sendable {
    func run(_ check: CheckSpec) async -> ProbeResult
}

/// Milliseconds between two readings of the monotonic clock.
package func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    return (milliseconds * 10).rounded() / 10
}
