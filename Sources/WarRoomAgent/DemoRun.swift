import Foundation
import Logging
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// The demo: the simulator as the agent loop's one source, on a clock that
/// runs `speed` simulated seconds per wall-clock second.
public final class DemoRun: @unchecked Sendable {
    /// What to simulate, and how the agent loop paces and keeps the run.
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var scenario: Scenario = .primaryPowerLoss
        /// The simulated instant to start at; `nil` starts at the wall-clock now.
        public var simulatedStart: EpochMillis?
        /// Operating-system users who may approve the demo plan's steps.
        public var approvers: [String] = ["operator"]
        /// A runbook to propose instead of the built-in one.
        public var runbook: Runbook?
        /// Set for a drill: its incident's title says so, and a dry run only
        /// reports what each step would have run.
        public var drill: (titlePrefix: String, dryRun: Bool)?
        /// Pacing and upkeep: `speed` is simulated seconds per wall-clock second,
        /// `durationSeconds` wall-clock seconds to run (`nil`: until stopped).
        public var loop: AgentLoop.Options

        public init() {
            loop = AgentLoop.Options()
            loop.tickSeconds = 0.1
            // Samples are an hour old at the earliest: no pruning before then.
            loop.firstPruneAfterSeconds = 3600
        }
    }

    public let options: Options
    private let clock: WallClock
    private let logger: Logger
    private let loop: AgentLoop
    private let writer: CacheWriter

    public init(options: Options, writer: CacheWriter, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.demo")) {
        self.options = options
        self.clock = clock
        self.logger = logger
        self.writer = writer
        var loopOptions = options.loop
        loopOptions.agentName = "simulator \(options.scenario.name) seed \(options.seed)"
        let dryRun = options.drill?.dryRun ?? false
        loop = AgentLoop(options: loopOptions, writer: writer,
                         executor: StepExecutor(store: writer, reportOnly: { _ in dryRun }), clock: clock, logger: logger)
    }

    /// Asks a running `run()` to finish its current step and return.
    public func stop() {
        loop.stop()
    }

    /// Runs until the duration has passed (or `stop()`); returns the simulator as it ended.
    @discardableResult
    public func run() throws -> Simulator {
        let start = options.simulatedStart ?? clock.now
        let simulator = Simulator(try simulatorConfiguration(startAt: start))
        // The simulator's incident and plan are INC-0001 and PLAN-0001: an operator declaring one meanwhile gets the next number.
        _ = try writer.reserveIncidentNumber()
        _ = try writer.reservePlanNumber()
        logger.info("demo started", metadata: ["scenario": "\(options.scenario.name)", "seed": "\(options.seed)",
                                               "speed": "\(options.loop.speed)"])
        let ended = try loop.run(sources: [simulator], clockStart: start)
        return ended.first as? Simulator ?? simulator
    }

    private func simulatorConfiguration(startAt: EpochMillis) throws -> Simulator.Configuration {
        let seeds = try DemoTopology.seeds.get()
        // A failback starts where a failover to London left the seeds' sites.
        let topology = options.scenario.failbackAfterSeconds != nil ? seeds.failedOver() : seeds
        var configuration = Simulator.Configuration(seed: options.seed, scenario: options.scenario, startAt: startAt,
                                                    topology: topology)
        configuration.incidentTitlePrefix = options.drill?.titlePrefix ?? ""
        configuration.runbook = options.runbook ?? DemoRunbook.runbook(for: options.scenario, topology: topology,
                                                                       approvers: options.approvers)
        return configuration
    }
}
