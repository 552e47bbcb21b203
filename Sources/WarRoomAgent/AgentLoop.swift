import Foundation
import Logging
import WarRoomClock
import WarRoomCluster
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// The agent's one loop, for the real agent and the demo alike: each round it
/// asks every source what it saw up to now on the agent's clock and writes it
/// in one transaction, lets the executor move the plans' steps, and keeps up
/// the heartbeat, WAL checkpoints and sample retention.
///
/// The agent's clock starts at the wall clock for the real agent (a demo's at
/// a chosen start) and runs on the steady clock, at `speed` simulated seconds
/// per second for a demo: a step of the wall clock moves no interval, age or
/// RTO elapsed. A step is noticed and said (``ClockStep``), never followed.
public final class AgentLoop: @unchecked Sendable {
    /// How the loop is paced and kept.
    public struct Options: Sendable {
        /// How the heartbeat names this agent (`agent`, `simulator … seed 7`).
        public var agentName = "agent"
        /// Agent-clock seconds per wall-clock second (1 for the real agent).
        public var speed: Double = 1
        /// Wall-clock seconds to run; `nil` runs until stopped.
        public var durationSeconds: Double?
        /// Wall-clock seconds between heartbeats.
        public var heartbeatIntervalSeconds: Double = 5
        /// Wall-clock seconds between WAL checkpoints.
        public var checkpointIntervalSeconds: Double = 30
        /// State changes and per-minute roll-ups older than this (agent-clock seconds) are pruned.
        public var retentionSeconds: Double = 24 * 3600
        /// Raw samples older than this are pruned; `nil`: kept as long as the roll-ups.
        public var rawRetentionSeconds: Double?
        /// Agent-clock seconds after the start of the first pruning.
        public var firstPruneAfterSeconds: Double = 0
        /// Agent-clock seconds covered by one write transaction at most.
        public var maxBatchSeconds: Double = 600
        /// Wall-clock seconds between rounds.
        public var tickSeconds: Double = 0.2

        public init() {}
    }

    /// A configuration to take at the start of the next round (a reload on SIGHUP).
    public struct Reconfiguration: @unchecked Sendable {
        public var sources: [any ObservationSource]
        /// Written first: the new topology and automation set-up, the timeline lines.
        public var events: [AgentEvent]
        /// Made once `events` are written, from what the cache then holds, so
        /// numbering goes on from incidents the old configuration opened.
        public var siteWatch: (CacheWriter) throws -> SiteWatch?
        /// Where the new configuration's cluster round takes this agent's views and incidents from.
        public var clusterOutbox: ClusterOutbox?
        /// Where the executor claims steps in the new configuration's cluster; `nil` alone.
        public var stepClaims: (any StepClaims)?

        public init(sources: [any ObservationSource], events: [AgentEvent], clusterOutbox: ClusterOutbox? = nil,
                    stepClaims: (any StepClaims)? = nil, siteWatch: @escaping (CacheWriter) throws -> SiteWatch?) {
            self.stepClaims = stepClaims
            self.sources = sources
            self.events = events
            self.clusterOutbox = clusterOutbox
            self.siteWatch = siteWatch
        }
    }

    public let options: Options
    private let writer: CacheWriter
    private let executor: StepExecutor
    private let clock: WallClock
    private let logger: Logger
    private let stopRequest = StopRequest()
    /// Detection and response (a configured agent's and the demo's).
    private var siteWatch: SiteWatch?
    /// Where each detection round's views go, for the cluster round to publish.
    private var clusterOutbox: ClusterOutbox? {
        didSet { Self.share(writer, through: clusterOutbox) }
    }
    private let pendingLock = NSLock()
    private var pending: Reconfiguration?

    public init(options: Options, writer: CacheWriter, executor: StepExecutor? = nil, siteWatch: SiteWatch? = nil,
                clusterOutbox: ClusterOutbox? = nil, stepClaims: (any StepClaims)? = nil, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.agent")) {
        self.options = options
        self.siteWatch = siteWatch
        self.writer = writer
        self.clusterOutbox = clusterOutbox
        Self.share(writer, through: clusterOutbox)
        self.executor = executor ?? StepExecutor(store: writer)
        self.executor.claims = stepClaims ?? self.executor.claims
        self.clock = clock
        self.logger = logger
    }

    /// The cluster round reads this site's own incidents from the cache, to record them when it decides.
    private static func share(_ writer: CacheWriter, through outbox: ClusterOutbox?) {
        outbox?.share { also, siteID in try writer.incidentsToShare(also: also, keptAt: siteID) }
        outbox?.share(consoles: { siteID, now in try writer.ownConsoles(at: siteID, now: now) })
    }

    /// Asks a running `run()` to finish its round and return.
    public func stop() {
        stopRequest.request()
    }

    /// Takes `change` at the start of the next round; another thread (a signal handler) may call it.
    public func reconfigure(_ change: Reconfiguration) {
        pendingLock.withLock { pending = change }
    }

    /// Runs `sources` until the duration has passed (or `stop()`), the agent's
    /// clock starting at `clockStart` (the wall-clock now when `nil`); returns
    /// the sources as they ended.
    @discardableResult
    public func run(sources: [any ObservationSource], clockStart: EpochMillis? = nil) throws -> [any ObservationSource] {
        var sources = sources
        let wallStart = clock.now
        let steadyStart = clock.steadySeconds
        let clockStart = clockStart ?? wallStart
        // How far the wall clock has run ahead of the steady one since the start: it moves only when the wall clock steps.
        var wallAhead = 0.0
        var agentNow = clockStart
        try executor.recoverInterruptedSteps(at: clockStart)
        siteWatch?.beginRounds(at: clockStart)
        let clockEnd = options.durationSeconds.map { clockStart.adding(seconds: $0 * options.speed) }
        var upkeep = UpkeepSchedule(heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
                                    checkpointIntervalSeconds: options.checkpointIntervalSeconds,
                                    retentionSeconds: options.retentionSeconds,
                                    rawRetentionSeconds: options.rawRetentionSeconds ?? options.retentionSeconds,
                                    firstPruneAt: clockStart.adding(seconds: options.firstPruneAfterSeconds))
        while true {
            if let change = pendingLock.withLock({ () -> Reconfiguration? in defer { pending = nil }; return pending }) {
                try writer.apply(change.events)
                sources = change.sources
                let next = try change.siteWatch(writer)
                siteWatch = siteWatch.flatMap { next?.continuing(from: $0) } ?? next
                clusterOutbox = change.clusterOutbox
                executor.claims = change.stepClaims
            }
            let wallNow = clock.now
            let steadyNow = clock.steadySeconds - steadyStart
            var target = clockStart.adding(seconds: steadyNow * options.speed)
            let finished = clockEnd.map { target >= $0 } ?? false || stopRequest.isRequested
            if let clockEnd, finished { target = min(max(target, agentNow), clockEnd) }
            agentNow = try observe(&sources, from: agentNow, to: target)
            let ahead = wallNow.seconds(since: wallStart) - steadyNow
            let step = ClockStep.between(offsetBefore: wallAhead, offsetAfter: ahead, at: agentNow, wallAt: wallNow)
            wallAhead = ahead
            if let step {
                logger.warning("\(step.sentence)", metadata: ["step_s": "\(Format.fixed(step.seconds, 3))"])
                try writer.apply([.clockStepped(step)])
            }
            if siteWatch?.runsSteps ?? true { try executor.tickIfBusy(clockNow: agentNow, wallNow: clock.now) }
            for ending in executor.takeEndings() {
                for index in sources.indices { sources[index].hear(ending) }
            }
            for drill in try writer.keepIncidents(at: agentNow) {
                logger.info("drill finished", metadata: ["drill": "\(drill.id)", "passed": "\(drill.succeeded)"])
            }
            let beatAt = agentNow
            // A beat at once after a step: the last one's wall stamp is on the far side of it.
            try upkeep.run(writer: writer, steadyNow: steadyNow, clockNow: agentNow, forceBeat: finished || step != nil,
                           logger: logger) {
                AgentHeartbeat(agentName: options.agentName, processID: ProcessInfo.processInfo.processIdentifier,
                               wallAt: clock.now, clockAt: beatAt, clockSpeed: options.speed,
                               intervalSeconds: options.heartbeatIntervalSeconds, startedAt: wallStart)
            }
            if finished { break }
            clock.sleep(seconds: options.tickSeconds)
        }
        writer.checkpoint()
        return sources
    }

    /// Asks every source for what it saw up to `target`, one transaction per
    /// batch of at most `maxBatchSeconds`, ending at each detection round (at least one, so what is due at the
    /// very start is written too). Returns the agent-clock instant reached.
    private func observe(_ sources: inout [any ObservationSource], from start: EpochMillis,
                         to target: EpochMillis) throws -> EpochMillis {
        var reached = start
        repeat {
            var batchEnd = min(target, reached.adding(seconds: options.maxBatchSeconds))
            // A batch ends at the next detection round: the round judges exactly what was seen up to it.
            if let round = siteWatch?.nextRoundAt, round > reached { batchEnd = min(batchEnd, round) }
            var events: [AgentEvent] = []
            for index in sources.indices { events += sources[index].observe(until: batchEnd) }
            if siteWatch != nil {
                events += siteWatch!.respond(to: events, at: batchEnd,
                                             incidentIsOpen: { [writer] id in (try? writer.incidentIsOpen(id)) ?? true }) { [writer] in
                    try? writer.automation()
                }
                clusterOutbox?.publish(siteWatch!.views)
            }
            try writer.apply(events)
            reached = max(reached, batchEnd)
        } while reached < target
        return reached
    }
}
