/// The agent's "I am alive" record. Staleness is judged on wall-clock time
/// alone, so a simulated clock can never make fresh data look stale or stale
/// data look fresh.
public struct AgentHeartbeat: Codable, Sendable, Hashable {
    /// How many heartbeat intervals may pass before the data counts as stale.
    public static let staleAfterIntervals = 3.0

    /// e.g. `simulator primary-power-loss seed 7` or `agent`.
    public var agentName: String
    public var processID: Int32
    /// Wall-clock time of the beat.
    public var wallAt: EpochMillis
    /// The agent's domain clock at the beat (the simulated time in a demo; the
    /// same as `wallAt` for the real agent).
    public var clockAt: EpochMillis
    /// How fast the domain clock runs against the wall clock (1 for the real agent).
    public var clockSpeed: Double
    /// Wall-clock seconds between beats.
    public var intervalSeconds: Double
    public var startedAt: EpochMillis

    public init(agentName: String, processID: Int32, wallAt: EpochMillis, clockAt: EpochMillis,
                clockSpeed: Double, intervalSeconds: Double, startedAt: EpochMillis) {
        self.agentName = agentName
        self.processID = processID
        self.wallAt = wallAt
        self.clockAt = clockAt
        self.clockSpeed = clockSpeed
        self.intervalSeconds = intervalSeconds
        self.startedAt = startedAt
    }

    /// Wall-clock seconds since the beat (never negative).
    public func ageSeconds(wallNow: EpochMillis) -> Double {
        max(0, wallNow.seconds(since: wallAt))
    }

    /// True when the agent has missed more than ``staleAfterIntervals`` beats —
    /// or its beat is stamped further in the future than that: the wall clock
    /// stepped back since, and a beat from the future vouches for nothing now.
    public func isStale(wallNow: EpochMillis) -> Bool {
        let window = intervalSeconds * Self.staleAfterIntervals
        return ageSeconds(wallNow: wallNow) > window || isFromTheFuture(wallNow: wallNow)
    }

    /// True when the beat is stamped more than the stale window after `wallNow`.
    public func isFromTheFuture(wallNow: EpochMillis) -> Bool {
        wallAt.seconds(since: wallNow) > intervalSeconds * Self.staleAfterIntervals
    }

    /// The agent's domain clock now, extrapolated from the beat: what "now" means
    /// for observations stamped on that clock. At the agent's own speed while
    /// it beats; once it is stale, at the wall clock's: a simulation that
    /// stopped does not run on, while a real outage's clocks still do.
    public func clockNow(wallNow: EpochMillis) -> EpochMillis {
        let age = ageSeconds(wallNow: wallNow)
        let beating = min(age, intervalSeconds * Self.staleAfterIntervals)
        return clockAt.adding(seconds: beating * clockSpeed + (age - beating))
    }

    /// Now on the agent's clock (where observation, timeline and approval
    /// times live): extrapolated from `heartbeat`, the wall clock without one.
    public static func agentNow(_ heartbeat: AgentHeartbeat?, wallNow: EpochMillis) -> EpochMillis {
        heartbeat?.clockNow(wallNow: wallNow) ?? wallNow
    }
}
