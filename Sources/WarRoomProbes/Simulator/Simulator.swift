import WarRoomModel

/// A simulated three-site world that produces the same ``AgentEvent``s the
/// real agent's probes do: one more ``ObservationSource``. It only observes
/// (checks, replication, alerts, and what the world did on hearing a step);
/// the agent's ``SiteWatch`` detects, declares and plans from that, as it does
/// for real sites.
///
/// It runs on its own clock: `advance(to:)` processes every check,
/// measurement and scripted event due up to that instant, in time order. The
/// outcome depends only on the seed, the scenario, the instant reached and the
/// plan's steps it heard of (`hear(_:)`: a fence stops writes, a restore mends
/// data), not on how the time was split into calls, so a demo is reproducible
/// at any speed.
public struct Simulator: Sendable {
    /// What to simulate.
    public struct Configuration: Sendable, Equatable {
        public var seed: UInt64
        public var scenario: Scenario
        /// The simulated instant the run starts at.
        public var startAt: EpochMillis
        public var healthCheckEverySeconds: Double = 10
        public var replicationEverySeconds: Double = 5
        /// Consecutive failed checks on every service before the simulated
        /// Prometheus fires SiteUnreachable (the agent's detection is its own).
        public var failedChecksForDetection = 3
        /// The sites, services and links it plays (the seeds' three sites).
        public var topology: DemoTopology

        public init(seed: UInt64, scenario: Scenario = .primaryPowerLoss, startAt: EpochMillis, topology: DemoTopology) {
            self.topology = topology
            self.seed = seed
            self.scenario = scenario
            self.startAt = startAt
        }
    }

    public let configuration: Configuration
    /// The simulated instant everything up to which has been produced.
    public private(set) var now: EpochMillis

    var random: SeededRandom
    var started = false
    var nextHealthCheckAt: EpochMillis
    var nextReplicationAt: EpochMillis
    var sites: [Site]
    var lag: [String: Double] = [:]
    var lagSpike: [String: Double] = [:]
    var lastReplayedAt: [String: EpochMillis] = [:]
    /// Per link: the primary's position at the last contact, and the standby's bytes.
    var primarySeen: [String: (at: EpochMillis, position: StreamPosition)] = [:]
    var standbyBytes: [String: Int64] = [:]
    var alerts = AlertRules()
    /// Per site: since when its writes are stopped (fenced, or frozen read-only).
    var writesStoppedAt: [String: EpochMillis] = [:]
    /// Per site: since when its copy of the corrupted data is clean again.
    var cleanSince: [String: EpochMillis] = [:]
    /// What the world did on hearing of a step, written with the next round.
    var heard: [AgentEvent] = []

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        sites = configuration.topology.sites
        now = configuration.startAt
        random = SeededRandom(seed: configuration.seed)
        nextHealthCheckAt = configuration.startAt
        nextReplicationAt = configuration.startAt
    }

    var topology: DemoTopology { configuration.topology }

    /// When the primary loses power, if the scenario has it.
    public var powerLossAt: EpochMillis? {
        configuration.scenario.powerLossAfterSeconds.map { configuration.startAt.adding(seconds: $0) }
    }

    /// Produces everything that happened after ``now`` up to and including `target`.
    public mutating func advance(to target: EpochMillis) -> [AgentEvent] {
        var updates: [AgentEvent] = []
        if !started {
            started = true
            updates.append(.topology(sites: topology.sites, services: topology.services, links: topology.links))
            if configuration.scenario.failbackAfterSeconds != nil {
                updates.append(.promoted(siteID: DemoTopology.hotStandby, formerPrimaryID: DemoTopology.primary,
                                         evidence: "failed over to London before this run", at: configuration.startAt))
            }
        }
        updates += heard
        heard = []
        while true {
            let due = min(nextHealthCheckAt, nextReplicationAt)
            guard due <= target else { break }
            now = due
            if nextHealthCheckAt == due {
                updates += runHealthChecks(at: due)
                nextHealthCheckAt = due.adding(seconds: configuration.healthCheckEverySeconds)
            } else {
                updates += measureReplication(at: due)
                nextReplicationAt = due.adding(seconds: configuration.replicationEverySeconds)
            }
        }
        now = max(now, target)
        return updates
    }

    func isPowerLost(_ siteID: String, at instant: EpochMillis) -> Bool {
        guard siteID == DemoTopology.primary, let powerLossAt else { return false }
        return instant >= powerLossAt
    }
}
