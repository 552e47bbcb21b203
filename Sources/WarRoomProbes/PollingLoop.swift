import Foundation
import WarRoomModel

/// What a source polled on an interval shares (Alertmanager, Prometheus): one
/// repeating task on the probes' event loops, and the events it gathered for
/// the agent loop's next round.
public final class PollingLoop: @unchecked Sendable {
    private let runs = ScheduledRuns()
    private let lock = NSLock()
    private var pending: [AgentEvent] = []

    public init() {}

    /// Runs `poll` every `interval` seconds until stopped.
    package func start(every interval: Double, now: @escaping @Sendable () -> EpochMillis, _ poll: @escaping @Sendable () async -> Void) {
        // The poll bounds its own exchange (its timeout); the schedule here only paces it.
        runs.start(Schedule(intervalSeconds: interval, timeoutSeconds: interval), now: now, poll)
    }

    package func stop() {
        runs.stop()
    }

    package func add(_ events: [AgentEvent]) {
        lock.withLock { pending += events }
    }

    /// What was gathered since the last call.
    package func drain() -> [AgentEvent] {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }
}

/// A source read whole on an interval: it says how to poll once; starting,
/// stopping and handing over what it gathered are the loop's.
public protocol PolledSource: ObservationSource, AnyObject, Sendable {
    var loop: PollingLoop { get }
    var intervalSeconds: Double { get }
    var now: @Sendable () -> EpochMillis { get }
    func poll() async
}

extension PolledSource {
    public func start() {
        loop.start(every: intervalSeconds, now: now) { [self] in await poll() }
    }

    public func stop() {
        loop.stop()
    }

    public func observe(until now: EpochMillis) -> [AgentEvent] {
        loop.drain()
    }
}
