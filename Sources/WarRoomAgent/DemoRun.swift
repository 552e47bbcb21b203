import Foundation
import Logging
import WarRoomHost
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// The demo: the simulator as the agent loop's one source, on a clock that
/// runs `speed` simulated seconds per wall-clock second.
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
    private let loop: AgentLoop

    public init(options: Options, writer: CacheWriter, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.demo")) {
        self.options = options
        self.writer = writer
        self.clock = clock
        self.logger = logger
        var loopOptions = AgentLoop.Options()
        loopOptions.agentName = "simulator \(options.scenario.name) seed \(options.seed)"
        loopOptions.speed = options.speed
        loopOptions.durationSeconds = options.durationSeconds
        loopOptions.heartbeatIntervalSeconds = options.heartbeatIntervalSeconds
        loopOptions.checkpointIntervalSeconds = options.checkpointIntervalSeconds
        loopOptions.retentionSeconds = options.retentionSeconds
        loopOptions.firstPruneAfterSeconds = 3600
        loopOptions.maxBatchSeconds = options.maxBatchSeconds
        loopOptions.tickSeconds = options.tickSeconds
        loop = AgentLoop(options: loopOptions, writer: writer, clock: clock, logger: logger)
    }

    /// Asks a running `run()` to finish its current step and return.
    public func stop() {
        loop.stop()
    }

    /// Runs until the duration has passed (or `stop()`); returns the simulator as it ended.
    @discardableResult
    public func run() throws -> Simulator {
        let start = options.simulatedStart ?? clock.now
        let simulator = Simulator(simulatorConfiguration(startAt: start))
        logger.info("demo started", metadata: ["scenario": "\(options.scenario.name)", "seed": "\(options.seed)",
                                               "speed": "\(options.speed)"])
        let ended = try loop.run(sources: [simulator], clockStart: start)
        return ended.first as? Simulator ?? simulator
    }

    private func simulatorConfiguration(startAt: EpochMillis) -> Simulator.Configuration {
        var configuration = Simulator.Configuration(seed: options.seed, scenario: options.scenario, startAt: startAt)
        configuration.runbook = options.runbook ?? DemoRunbook.runbook(
            from: DemoTopology.sites[0], to: DemoTopology.sites[1], approvers: options.approvers)
        return configuration
    }
}
