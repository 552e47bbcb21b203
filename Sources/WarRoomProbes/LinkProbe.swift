import Foundation
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

/// What a link's probe remembers across rounds: the last primary position it
/// saw (so the data at risk stops growing when the primary stops answering)
/// and the standby's last position while it replicated (so, once promoted,
/// the data at risk stays what the promotion left behind).
final class LinkMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPrimary: (at: EpochMillis, position: StreamPosition)?
    private var lastStandby: StreamPosition?

    func primaryAnswered(_ position: StreamPosition, at instant: EpochMillis) {
        lock.withLock { lastPrimary = (instant, position) }
    }

    func standbyReplicates(at position: StreamPosition) {
        lock.withLock { lastStandby = position }
    }

    /// The standby's position from before its promotion.
    var standbyBeforePromotion: StreamPosition? { lock.withLock { lastStandby } }

    /// The round's measurement against the last primary position seen.
    func measurement(linkID: String, state: LinkState, at instant: EpochMillis, primaryAnswersNow: Bool,
                     standby: StreamPosition?, detail: String, standbyIsPrimary: Bool) -> LinkMeasurement {
        let seen = lock.withLock { lastPrimary }
        let observation = ReplicationObservation.measured(
            linkID: linkID, state: state, at: instant, primary: seen?.position, primarySeenAt: seen?.at,
            primaryAnswersNow: primaryAnswersNow, standby: standby)
        return LinkMeasurement(observation: observation, detail: detail, standbyIsPrimary: standbyIsPrimary)
    }
}

/// The password a link's probe connects with, or why the round cannot be measured.
enum LinkPassword {
    case given(String?)
    /// The secret is missing: the round's measurement is `unknown`, saying which.
    case missing(LinkMeasurement)

    static func resolve(_ reference: SecretReference?, secrets: (SecretReference) -> String?, linkID: String,
                        at instant: EpochMillis) -> LinkPassword {
        guard let reference else { return .given(nil) }
        guard let secret = secrets(reference) else {
            return .missing(LinkMeasurement(observation: ReplicationObservation(linkID: linkID, state: .unknown, observedAt: instant),
                                            detail: "the password (\(reference)) is not available"))
        }
        return .given(secret)
    }
}
