import WarRoomModel

/// A scripted demo: when the simulated world breaks, and how.
public struct Scenario: Sendable, Equatable {
    public var name: String
    /// Simulated seconds after the start at which the primary loses power; `nil` for none.
    public var powerLossAfterSeconds: Double?
    /// A link that falls behind its RPO for a while, if the scenario has one.
    public var congestion: Congestion?
    /// What takes the primary out at `powerLossAfterSeconds`, in the checks' words.
    public var cause: Cause = .powerLoss
    /// A bad write that corrupts a data type at the primary, if the scenario has one.
    public var corruption: Corruption?
    /// Simulated seconds after the start at which a planned failback to the
    /// configured primary is declared; the run starts failed over to London.
    public var failbackAfterSeconds: Double?

    /// Data a bad deploy corrupts at the primary; replication carries it to
    /// every standby within a second, so failing over would not help: the
    /// data is restored from backup to the last clean write.
    public struct Corruption: Sendable, Equatable {
        public var dataType: String
        /// The service whose integrity check sees it.
        public var serviceID: String
        public var afterSeconds: Double
    }

    /// How the primary is lost: its power (nothing answers), or its network
    /// (cut off from every other site and from the agent, still running inside).
    public enum Cause: Sendable, Equatable {
        case powerLoss, networkPartition

        /// What a failed health check says.
        public func checkDetail(siteName: String) -> String {
            switch self {
            case .powerLoss: "connect timeout after 2 s (no response from \(siteName))"
            case .networkPartition: "no route to host (\(siteName) cut off from the network)"
            }
        }

        /// The first failure, as the timeline says it.
        public var firstFailure: String {
            switch self {
            case .powerLoss: "connect timeout after 2 s"
            case .networkPartition: "no route to host"
            }
        }
    }

    /// A replication stream that falls behind by `extraLagSeconds` at its worst.
    public struct Congestion: Sendable, Equatable {
        public var linkID: String
        public var afterSeconds: Double
        public var durationSeconds: Double
        public var extraLagSeconds: Double
    }

    /// Normal operation (Singapore's session-state stream congests past its RPO
    /// at minute 2:05 and catches up), then New York loses power at minute 3.
    public static let primaryPowerLoss = Scenario(
        name: "primary-power-loss", powerLossAfterSeconds: 180,
        congestion: Congestion(linkID: "session-state:new-york>singapore", afterSeconds: 125, durationSeconds: 50,
                               extraLagSeconds: 9))
    /// The site-failure drill: New York loses power after a calm minute.
    public static let siteFailure = Scenario(name: "site-failure", powerLossAfterSeconds: 60)
    /// The network-partition drill (seed 004: complete network isolation): after a
    /// calm minute New York is cut off from every other site; from outside it looks
    /// down, inside it may still take writes, so it must be fenced before London is promoted.
    public static let networkPartition = Scenario(name: "network-partition", powerLossAfterSeconds: 60,
                                                  cause: .networkPartition)
    /// The data-corruption drill (seed 003 "Database Corruption"): after a calm
    /// minute a bad write corrupts the registry at New York and replicates;
    /// the plan restores it from backup in place.
    public static let dataCorruption = Scenario(name: "data-corruption", powerLossAfterSeconds: nil,
                                                corruption: Corruption(dataType: "registry", serviceID: "registry",
                                                                       afterSeconds: 60))
    /// The failback drill: London has been the primary since an earlier
    /// failover, New York is back and caught up; after a calm minute the
    /// failback to New York is declared and planned.
    public static let failback = Scenario(name: "failback", powerLossAfterSeconds: nil, failbackAfterSeconds: 60)
    /// Normal operation only: for soak runs and screenshots of a calm day.
    public static let steady = Scenario(name: "steady", powerLossAfterSeconds: nil)

    public static let all: [Scenario] = [primaryPowerLoss, siteFailure, networkPartition, dataCorruption, failback, steady]

    /// How the simulator plays a drill scenario.
    public static func drill(_ scenario: DrillScenario) -> Scenario {
        switch scenario {
        case .siteFailure: .siteFailure
        case .networkPartition: .networkPartition
        case .dataCorruption: .dataCorruption
        case .failback: .failback
        }
    }

    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}
