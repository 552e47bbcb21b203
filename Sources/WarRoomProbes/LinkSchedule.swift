import Foundation
import Logging
import WarRoomModel

/// Measures the configured replication links, each on its own interval with
/// jitter, and hands the measurements to the agent loop as replication
/// events: one ``ObservationSource``. A link's probe remembers the last
/// primary position it saw across rounds. Why a link is in its state goes to
/// the log when it changes.
public final class LinkSchedule: ObservationSource, @unchecked Sendable {
    private let checks: [LinkCheck]
    private let probes: [String: RedisLinkProbe]
    private let executor = ProbeExecutor()
    private let logger: Logger
    private let lock = NSLock()
    private var pending: [String: ReplicationObservation] = [:]
    private var order: [String] = []
    private var details: [String: String] = [:]
    private var tasks: [Task<Void, Never>] = []
    private let now: @Sendable () -> EpochMillis

    public init(checks: [LinkCheck], client: RedisClient = RedisClient(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.links"), now: @escaping @Sendable () -> EpochMillis) {
        self.checks = checks
        self.logger = logger
        self.now = now
        var probes: [String: RedisLinkProbe] = [:]
        for check in checks {
            switch check.kind {
            case .redis(let redis):
                probes[check.linkID] = RedisLinkProbe(linkID: check.linkID, check: redis, client: client,
                                                      secrets: secrets, now: now)
            }
        }
        self.probes = probes
    }

    public func start() {
        for check in checks {
            guard let probe = probes[check.linkID] else { continue }
            let task = Task(executorPreference: executor) { [self] in
                await executor.repeatRuns(every: check.intervalSeconds, jitter: check.jitterSeconds, now: now) {
                    let (observation, detail) = await probe.measure(timeout: check.timeoutSeconds)
                    self.record(observation, detail: detail)
                }
            }
            lock.withLock { tasks.append(task) }
        }
    }

    public func stop() {
        lock.withLock { tasks.forEach { $0.cancel() } }
    }

    public func observe(until now: EpochMillis) -> [AgentEvent] {
        lock.withLock {
            defer {
                pending = [:]
                order = []
            }
            return order.compactMap { pending[$0].map(AgentEvent.replication) }
        }
    }

    private func record(_ observation: ReplicationObservation, detail: String) {
        let changed: Bool = lock.withLock {
            if pending[observation.linkID] == nil { order.append(observation.linkID) }
            pending[observation.linkID] = observation
            defer { details[observation.linkID] = detail }
            return details[observation.linkID] != detail
        }
        if changed {
            logger.info("replication \(observation.linkID): \(observation.state.rawValue): \(detail)")
        }
    }
}
