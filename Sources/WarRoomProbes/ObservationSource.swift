import WarRoomModel

/// Something the agent watches, behind one protocol: each probe kind with its
/// checks (HTTP, TCP, command, PostgreSQL, Redis, Alertmanager, Prometheus),
/// or the simulator standing in for all of them.
///
/// The agent loop asks every source, once a round, for what it saw up to now
/// on the agent's clock, and writes all of it in one transaction. A source
/// never touches the cache or knows about screens: it only says what it saw.
public protocol ObservationSource {
    /// What was seen after the previous call, up to and including `now`, in time order.
    mutating func observe(until now: EpochMillis) -> [AgentEvent]

    /// A built-in step that ran and ended: a source that plays the world (the
    /// simulator) reacts to it; a probe ignores it, the real world reacts itself.
    mutating func hear(_ ending: StepEnding)
}

extension ObservationSource {
    public mutating func hear(_ ending: StepEnding) {}
}

extension Simulator: ObservationSource {
    public mutating func observe(until now: EpochMillis) -> [AgentEvent] {
        advance(to: now)
    }

    public mutating func hear(_ ending: StepEnding) {
        react(to: ending)
    }
}
