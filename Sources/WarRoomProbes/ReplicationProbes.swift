import Foundation
import Logging
import WarRoomModel

/// Measures the configured replication links, each on its own interval with
/// jitter, and hands the measurements to the agent loop as replication
/// events: one ``ObservationSource``. A link's probe remembers the last
/// primary position it saw across rounds. Why a link is in its state goes
/// with the measurement, and to the log when the state changes. A standby found
/// answering as a primary makes its site the primary (once, when first seen).
public final class ReplicationProbes: ObservationSource, @unchecked Sendable {
    private let checks: [LinkCheck]
    private let probes: [String: any LinkProbe]
    private let runs = ScheduledRuns()
    private let logger: Logger
    private let lock = NSLock()
    private var pending: [String: ReplicationObservation] = [:]
    private var order: [String] = []
    private var states: [String: LinkState] = [:]
    private var promotions: [AgentEvent] = []
    /// Per link, the split brain that holds (both ends answer as primaries).
    private var splitBrains: [String: SplitBrain] = [:]
    /// Per link, whether its standby was last reported promoted (`nil`: not yet reported).
    private var reportedPromoted: [String: Bool] = [:]
    private let now: @Sendable () -> EpochMillis

    public init(checks: [LinkCheck], client: RedisClient = RedisClient(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.links"), now: @escaping @Sendable () -> EpochMillis) {
        self.checks = checks
        self.logger = logger
        self.now = now
        let tools = LinkProbeTools(redis: client, secrets: secrets, logger: logger, now: now)
        // Each link's kind makes its own probe: this schedule names none of them.
        self.probes = Dictionary(checks.map { ($0.linkID, $0.kind.makeProbe(linkID: $0.linkID, tools: tools)) }) { first, _ in first }
    }

    public func start() {
        for check in checks {
            guard let probe = probes[check.linkID] else { continue }
            runs.start(check.schedule, now: now) { [self] in
                // Two conversations (the primary, the standby) of `timeout` each.
                let limit = ProbeDeadline.watchdogSeconds(timeout: check.timeoutSeconds, exchanges: 2)
                let measurement = await withinDeadline(limit, on: runs.executor) { await probe.measure(timeout: check.timeoutSeconds) }
                    ?? LinkMeasurement(observation: ReplicationObservation(linkID: check.linkID, state: .unknown,
                                                                           observedAt: self.now()),
                                       detail: "the probe did not return within \(Format.seconds(limit))")
                self.record(measurement, of: check)
            }
        }
    }

    public func stop() {
        runs.stop()
    }

    public func observe(until now: EpochMillis) -> [AgentEvent] {
        lock.withLock {
            defer {
                pending = [:]
                order = []
                promotions = []
                splitReports = []
            }
            return order.compactMap { pending[$0].map(AgentEvent.replication) } + promotions + splitReports
        }
    }

    /// Split brains to write this round: each holding one, and each that ended.
    private var splitReports: [AgentEvent] = []

    /// Holds the lock. A split brain begins when both ends answer as primaries
    /// and ends only when a round proves one of them is not (a standby, or
    /// refusing): an end that does not answer proves nothing, so it holds.
    private func judgeSplitBrain(_ measurement: LinkMeasurement, of check: LinkCheck) -> (SplitBrain, began: Bool)? {
        let at = measurement.observation.observedAt
        if let both = measurement.bothPrimaries {
            let began = splitBrains[check.linkID] == nil
            var brain = splitBrains[check.linkID] ?? SplitBrain(
                linkID: check.linkID, dataType: check.dataType, formerPrimarySiteID: check.sourceSiteID,
                promotedSiteID: check.targetSiteID, since: at, seenAt: at)
            brain.seenAt = at
            brain.formerPrimaryPosition = both.formerPrimaryPosition
            brain.promotedPosition = both.promotedPosition
            brain.formerPrimaryOnlyBytes = both.formerPrimaryOnlyBytes
            brain.promotedOnlyBytes = both.promotedOnlyBytes
            splitBrains[check.linkID] = brain
            splitReports.append(.splitBrain(brain))
            return (brain, began)
        }
        guard measurement.oneEndNotPrimary else { return nil }
        guard var brain = splitBrains.removeValue(forKey: check.linkID) else {
            // One that held when this agent started ends in the cache too (the write ignores it when none holds).
            if endHeardSinceStart.insert(check.linkID).inserted {
                splitReports.append(.splitBrain(SplitBrain(linkID: check.linkID, dataType: check.dataType,
                                                           formerPrimarySiteID: check.sourceSiteID, promotedSiteID: check.targetSiteID,
                                                           since: at, seenAt: at, endedAt: at)))
            }
            return nil
        }
        brain.endedAt = at
        splitReports.append(.splitBrain(brain))
        return (brain, false)
    }

    /// Links for which an end has been heard not to be a primary since this agent started.
    private var endHeardSinceStart: Set<String> = []

    private func record(_ measurement: LinkMeasurement, of check: LinkCheck) {
        let observation = measurement.observation
        let detail = measurement.detail
        var split: (SplitBrain, began: Bool)?
        let (changed, newlyPromoted): (Bool, Bool) = lock.withLock {
            if pending[observation.linkID] == nil { order.append(observation.linkID) }
            pending[observation.linkID] = observation
            var newlyPromoted = false
            let last = reportedPromoted[check.linkID]
            if measurement.standbyIsPrimary, last != true {
                reportedPromoted[check.linkID] = true
                promotions.append(.promoted(siteID: check.targetSiteID, formerPrimaryID: check.sourceSiteID,
                                            evidence: "\(check.linkID): \(detail)", at: observation.observedAt,
                                            linkID: check.linkID))
                newlyPromoted = true
            } else if observation.state == .streaming, last != false {
                reportedPromoted[check.linkID] = false
                // The configured roles return only when no store of the target site still answers as a primary.
                let stillPromoted = checks.contains { $0.targetSiteID == check.targetSiteID && reportedPromoted[$0.linkID] == true }
                if !stillPromoted {
                    promotions.append(.replicatingAsConfigured(sourceSiteID: check.sourceSiteID, targetSiteID: check.targetSiteID))
                }
            }
            split = judgeSplitBrain(measurement, of: check)
            // The log hears of state changes, not of every new lag figure in the words.
            defer { states[observation.linkID] = observation.state }
            return (states[observation.linkID] != observation.state, newlyPromoted)
        }
        if let (brain, began) = split {
            let sentence = brain.sentence { $0 }
            if began { logger.critical("\(sentence)") }
            if brain.endedAt != nil { logger.notice("split brain over: \(check.linkID) has one primary again") }
        }
        if changed {
            logger.info("replication \(observation.linkID): \(observation.state.rawValue): \(detail)")
        }
        if newlyPromoted {
            logger.notice("site \(check.targetSiteID) answers as the primary (promoted; was \(check.sourceSiteID))")
        }
    }
}
