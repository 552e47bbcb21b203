import Foundation
import Logging
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// The demo: the simulator as the agent loop's source, on a clock that runs
/// `speed` simulated seconds per wall-clock second, and the agent's own
/// detection (``SiteWatch`` on the seeds' configuration) deciding what is down,
/// opening the incident and proposing the plan, as a configured agent does.
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
    /// The seeds' configuration as the demo's agent runs it: the demo runbook on New York's failover route.
    private let configuration: AgentConfig
    private let topology: DemoTopology
    private let runbook: Runbook?

    /// Fails only when the compiled-in seeds' configuration does not parse (a bug the tests catch).
    public init(options: Options, writer: CacheWriter, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.demo")) throws {
        self.options = options
        self.clock = clock
        self.logger = logger
        self.writer = writer
        let seeds = try DemoTopology.seedsConfiguration.get()
        let plain = DemoTopology(sites: seeds.sites, services: seeds.services, links: seeds.links)
        // A failback starts where a failover to London left the seeds' sites.
        topology = options.scenario.failbackAfterSeconds != nil ? plain.failedOver() : plain
        runbook = options.runbook ?? DemoRunbook.runbook(for: options.scenario, topology: topology, approvers: options.approvers)
        configuration = Self.agentConfiguration(seeds, scenario: options.scenario, runbook: runbook)
        var loopOptions = options.loop
        loopOptions.agentName = "simulator \(options.scenario.name) seed \(options.seed)"
        let dryRun = options.drill?.dryRun ?? false
        let watch = SiteWatch(config: configuration, reserveIncidentNumber: { try? writer.reserveIncidentNumber() },
                              reservePlanNumber: { try? writer.reservePlanNumber() },
                              incidentTitlePrefix: options.drill?.titlePrefix ?? "")
        loop = AgentLoop(options: loopOptions, writer: writer, executor: StepExecutor(store: writer, reportOnly: { _ in dryRun }),
                         siteWatch: watch, clock: clock, logger: logger)
    }

    /// Asks a running `run()` to finish its current step and return.
    public func stop() {
        loop.stop()
    }

    /// Runs until the duration has passed (or `stop()`); returns the simulator as it ended.
    @discardableResult
    public func run() throws -> Simulator {
        let start = options.simulatedStart ?? clock.now
        var simulation = Simulator.Configuration(seed: options.seed, scenario: options.scenario, startAt: start, topology: topology)
        // The simulated probes check as often as the configuration's detection rounds look.
        simulation.healthCheckEverySeconds = configuration.detection.roundSeconds
        simulation.failedChecksForDetection = configuration.detection.failedRounds
        let simulator = Simulator(simulation)
        let onCall = ScriptedOnCall(scenario: options.scenario, startAt: start, topology: topology, runbook: runbook,
                                    titlePrefix: options.drill?.titlePrefix ?? "",
                                    reserveIncidentNumber: { [writer] in try? writer.reserveIncidentNumber() },
                                    reservePlanNumber: { [writer] in try? writer.reservePlanNumber() })
        // Automatic failover armed, as a configured agent starts it: the seeds' hybrid New York decides by the failing tiers.
        try writer.apply([.automation(approvers: configuration.automationApprovers,
                                      antiFlapSeconds: configuration.detection.antiFlapSeconds)])
        logger.info("demo started", metadata: ["scenario": "\(options.scenario.name)", "seed": "\(options.seed)",
                                               "speed": "\(options.loop.speed)"])
        let ended = try loop.run(sources: [simulator, onCall], clockStart: start)
        return ended.first as? Simulator ?? simulator
    }

    /// The seeds' configuration with the demo's runbook on the route it plays:
    /// New York's failover for an outage; none for a corruption or a failback,
    /// which the on-call declares (``ScriptedOnCall``).
    private static func agentConfiguration(_ seeds: AgentConfig, scenario: Scenario, runbook: Runbook?) -> AgentConfig {
        var configuration = seeds
        configuration.failover = [:]
        configuration.restore = [:]
        if scenario.corruption == nil, scenario.failbackAfterSeconds == nil, let runbook {
            configuration.failover[runbook.fromSiteID] = AgentConfig.FailoverRoute(
                toSiteID: runbook.toSiteID, runbook: runbook, runbookPath: "builtin:\(scenario.name)")
        }
        return configuration
    }
}
