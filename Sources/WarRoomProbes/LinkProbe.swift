import WarRoomModel

/// What one round of a replication link's probe found: the measurement, why
/// the link is in its state (in words, shown to operators), and whether the
/// standby answered as a primary — it has been promoted.
public struct LinkMeasurement: Sendable, Equatable {
    public var observation: ReplicationObservation
    public var detail: String
    public var standbyIsPrimary: Bool

    public init(observation: ReplicationObservation, detail: String, standbyIsPrimary: Bool = false) {
        var observation = observation
        observation.detail = detail
        self.observation = observation
        self.detail = detail
        self.standbyIsPrimary = standbyIsPrimary
    }
}

/// Measures one replication link a round at a time (Redis, PostgreSQL).
public protocol LinkProbe: Sendable {
    func measure(timeout: Double) async -> LinkMeasurement
}
