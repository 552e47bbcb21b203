import Foundation
import WarRoomModel

/// The one runner of scheduled sources: each job a task of its own on the
/// probes' event loops (``ProbeExecutor``), run on its ``Schedule`` until
/// stopped. Checks, replication links and the sources read whole (Alertmanager,
/// Prometheus) all start, pace and stop the same way, on the agent's clock.
final class ScheduledRuns: @unchecked Sendable {
    let executor: ProbeExecutor
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []

    init(executor: ProbeExecutor = ProbeExecutor()) {
        self.executor = executor
    }

    /// Runs `run` on `schedule` until ``stop()``; the first run comes within the jitter.
    func start(_ schedule: Schedule, now: @escaping @Sendable () -> EpochMillis, _ run: @escaping @Sendable () async -> Void) {
        let executor = self.executor
        let task = Task(executorPreference: executor) {
            await executor.repeatRuns(every: schedule.intervalSeconds, jitter: schedule.jitterSeconds, now: now, run)
        }
        lock.withLock { tasks.append(task) }
    }

    /// Cancels every job; a run in flight ends at its deadline at the latest.
    func stop() {
        let running: [Task<Void, Never>] = lock.withLock {
            defer { tasks = [] }
            return tasks
        }
        running.forEach { $0.cancel() }
    }
}
