/// A scripted demo: when the simulated world breaks, and how.
public struct Scenario: Sendable, Equatable {
    public var name: String
    /// Simulated seconds after the start at which the primary loses power; `nil` for none.
    public var powerLossAfterSeconds: Double?

    /// Normal operation, then New York loses power at minute 3.
    public static let primaryPowerLoss = Scenario(name: "primary-power-loss", powerLossAfterSeconds: 180)
    /// Normal operation only: for soak runs and screenshots of a calm day.
    public static let steady = Scenario(name: "steady", powerLossAfterSeconds: nil)

    public static let all: [Scenario] = [primaryPowerLoss, steady]

    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}
