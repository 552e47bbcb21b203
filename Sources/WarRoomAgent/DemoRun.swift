import Foundation
import Logging
import WarRoomModel
import WarRoomStore

/// Runs the simulator against a cache on the wall clock, exactly as the real
/// agent runs its probes: batches of updates, a heartbeat every interval,
/// scheduled WAL checkpoints and sample retention.
public final class DemoRun: @unchecked Sendable {
    /// How the run is paced and kept.
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var scenario: Scenario = .primaryPowerLoss
        /// Simulated seconds per wall-clock second.
        public var speed: Double = 1
        /// Wall-clock seconds to run; `nil` runs until stopped.
        public var durationSeconds: Double?
        /// Wall-clock seconds between heartbeats.
        public var heartbeatIntervalSeconds: Double = 5
        /// Wall-clock seconds between WAL checkpoints.
        public var checkpointIntervalSeconds: Double = 30
        /// Samples older than this (simulated seconds) are pruned.
        public var retentionSeconds: Double = 24 * 3600
        /// Simulated seconds covered by one write transaction at most.
        public var maxBatchSeconds: Double = 600
        /// Wall-clock seconds between simulation steps.
        public var tickSeconds: Double = 0.1
        /// The simulated instant to start at; `nil` starts at the wall-clock now.
        public var simulatedStart: EpochMillis?
        /// Operating-system users who may approve the demo plan's steps.
        public var approvers: [String] = ["operator"]
        /// A runbook to propose instead of the built-in one.
        public var runbook: Runbook?

        public init() {}
    }

    public let options: Options
    private let writer: CacheWriter
    private let clock: WallClock
    private let logger: Logger
    private let stopRequest = StopRequest()

    public init(options: Options, writer: CacheWriter, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.demo")) {
        self.options = options
        self.writer = writer
        self.clock = clock
        self.logger = logger
    }

    /// Asks a running `run()` to finish its current step and return.
    public func stop() {
        stopRequest.request()
    }

    /// Runs until the duration has passed (or `stop()`); returns the simulator as it ended.
    @discardableResult
    public func run() throws -> Simulator {
        let wallStart = clock.now
        let simStart = options.simulatedStart ?? wallStart
        var configuration = Simulator.Configuration(seed: options.seed, scenario: options.scenario, startAt: simStart)
        configuration.approvers = options.approvers
        configuration.runbook = options.runbook
        var simulator = Simulator(configuration)
        let executor = StepExecutor(writer: writer)
        try executor.recoverInterruptedSteps(at: simStart)
        let simEnd = options.durationSeconds.map { simStart.adding(seconds: $0 * options.speed) }
        var chores = AgentChores(heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
                                 checkpointIntervalSeconds: options.checkpointIntervalSeconds,
                                 retentionSeconds: options.retentionSeconds, wallStart: wallStart,
                                 firstPruneAt: simStart.adding(seconds: 3600))
        logger.info("demo started", metadata: ["scenario": "\(options.scenario.name)", "seed": "\(options.seed)",
                                               "speed": "\(options.speed)"])
        while true {
            let wallNow = clock.now
            var target = simStart.adding(seconds: wallNow.seconds(since: wallStart) * options.speed)
            let finished = simEnd.map { target >= $0 } ?? false || stopRequest.isRequested
            if let simEnd, finished { target = min(max(target, simulator.now), simEnd) }
            try step(&simulator, to: target)
            try executor.tickIfBusy(clockNow: simulator.now, wallNow: clock.now)
            try chores.run(writer: writer, wallNow: wallNow, clockNow: simulator.now, forceBeat: finished, logger: logger) {
                heartbeat(simulator: simulator, wallStart: wallStart)
            }
            if finished { break }
            clock.sleep(seconds: options.tickSeconds)
        }
        writer.checkpoint()
        return simulator
    }

    /// Advances the simulator to `target` in bounded transactions (at least one
    /// call, so the checks due at the very start are written too).
    private func step(_ simulator: inout Simulator, to target: EpochMillis) throws {
        repeat {
            let batchEnd = min(target, simulator.now.adding(seconds: options.maxBatchSeconds))
            try writer.apply(simulator.advance(to: batchEnd))
        } while simulator.now < target
    }

    private func heartbeat(simulator: Simulator, wallStart: EpochMillis) -> AgentHeartbeat {
        AgentHeartbeat(agentName: "simulator \(options.scenario.name) seed \(options.seed)",
                       processID: ProcessInfo.processInfo.processIdentifier, wallAt: clock.now, clockAt: simulator.now,
                       clockSpeed: options.speed, intervalSeconds: options.heartbeatIntervalSeconds, startedAt: wallStart)
    }
}
