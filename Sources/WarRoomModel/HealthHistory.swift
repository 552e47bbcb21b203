/// One minute of a check's results, kept after the raw samples are pruned.
public struct HealthMinute: Sendable, Equatable {
    /// The minute's start.
    public var minute: EpochMillis
    public var samples: Int
    /// The worst state seen in the minute: a minute with one failure is not an ok minute.
    public var worstState: HealthState
    public var lastState: HealthState
    public var minLatencyMs: Double?
    public var maxLatencyMs: Double?
    public var lastLatencyMs: Double?

    public init(minute: EpochMillis, samples: Int, worstState: HealthState, lastState: HealthState,
                minLatencyMs: Double?, maxLatencyMs: Double?, lastLatencyMs: Double?) {
        self.minute = minute
        self.samples = samples
        self.worstState = worstState
        self.lastState = lastState
        self.minLatencyMs = minLatencyMs
        self.maxLatencyMs = maxLatencyMs
        self.lastLatencyMs = lastLatencyMs
    }
}

/// A check's state changed: when, to what, and why.
public struct HealthChange: Sendable, Equatable {
    public var at: EpochMillis
    public var state: HealthState
    public var detail: String

    public init(at: EpochMillis, state: HealthState, detail: String) {
        self.at = at
        self.state = state
        self.detail = detail
    }
}
