import Foundation
import Logging
import WarRoomModel

/// Measures the configured replication links, each on its own interval with
/// jitter, and hands the measurements to the agent loop as replication
/// events: one ``ObservationSource``. A link's probe remembers the last
/// primary position it saw across rounds. Why a link is in its state goes
/// with the measurement, and to the log when the state changes. A standby found
/// answering as a primary makes its site the primary (once, when first seen).
public final class LinkSchedule: ObservationSource, @unchecked Sendable {
    private let checks: [LinkCheck]
    private let probes: [String: any LinkProbe]
    private let executor = ProbeExecutor()
    private let logger: Logger
    private let lock = NSLock()
    private var pending: [String: ReplicationObservation] = [:]
    private var order: [String] = []
    private var states: [String: LinkState] = [:]
    private var promotions: [AgentEvent] = []
    /// Per link, whether its standby was last reported promoted (`nil`: not yet reported).
    private var reportedPromoted: [String: Bool] = [:]
    private var tasks: [Task<Void, Never>] = []
    private let now: @Sendable () -> EpochMillis

    public init(checks: [LinkCheck], client: RedisClient = RedisClient(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.links"), now: @escaping @Sendable () -> EpochMillis) {
        self.checks = checks
        self.logger = logger
        self.now = now
        var probes: [String: any LinkProbe] = [:]
        for check in checks {
            switch check.kind {
            case .redis(let redis):
                probes[check.linkID] = RedisLinkProbe(linkID: check.linkID, check: redis, client: client,
                                                      secrets: secrets, now: now)
            case .postgres(let postgres):
                probes[check.linkID] = PostgresLinkProbe(linkID: check.linkID, check: postgres, secrets: secrets,
                                                         logger: logger, now: now)
            }
        }
        self.probes = probes
    }

    public func start() {
        for check in checks {
            guard let probe = probes[check.linkID] else { continue }
            let task = Task(executorPreference: executor) { [self] in
                await executor.repeatRuns(every: check.intervalSeconds, jitter: check.jitterSeconds, now: now) {
                    // Two conversations (the primary, the standby) of `timeout` each.
                    let limit = ProbeDeadline.watchdogSeconds(timeout: check.timeoutSeconds, exchanges: 2)
                    let measurement = await withinDeadline(limit) { await probe.measure(timeout: check.timeoutSeconds) }
                        ?? LinkMeasurement(observation: ReplicationObservation(linkID: check.linkID, state: .unknown,
                                                                               observedAt: self.now()),
                                           detail: "the probe did not return within \(Format.seconds(limit))")
                    self.record(measurement, of: check)
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
                promotions = []
            }
            return order.compactMap { pending[$0].map(AgentEvent.replication) } + promotions
        }
    }

    private func record(_ measurement: LinkMeasurement, of check: LinkCheck) {
        let observation = measurement.observation
        let detail = measurement.detail
        let (changed, newlyPromoted): (Bool, Bool) = lock.withLock {
            if pending[observation.linkID] == nil { order.append(observation.linkID) }
            pending[observation.linkID] = observation
            var newlyPromoted = false
            let last = reportedPromoted[check.linkID]
            if measurement.standbyIsPrimary, last != true {
                reportedPromoted[check.linkID] = true
                promotions.append(.promoted(siteID: check.targetSiteID, formerPrimaryID: check.sourceSiteID,
                                            evidence: "\(check.linkID): \(detail)", at: observation.observedAt))
                newlyPromoted = true
            } else if observation.state == .streaming, last != false {
                reportedPromoted[check.linkID] = false
                // The configured roles return only when no store of the target site still answers as a primary.
                let stillPromoted = checks.contains { $0.targetSiteID == check.targetSiteID && reportedPromoted[$0.linkID] == true }
                if !stillPromoted {
                    promotions.append(.replicatingAsConfigured(sourceSiteID: check.sourceSiteID, targetSiteID: check.targetSiteID))
                }
            }
            // The log hears of state changes, not of every new lag figure in the words.
            defer { states[observation.linkID] = observation.state }
            return (states[observation.linkID] != observation.state, newlyPromoted)
        }
        if changed {
            logger.info("replication \(observation.linkID): \(observation.state.rawValue): \(detail)")
        }
        if newlyPromoted {
            logger.notice("site \(check.targetSiteID) answers as the primary (promoted; was \(check.sourceSiteID))")
        }
    }
}
