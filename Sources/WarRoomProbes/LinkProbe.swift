import Foundation
import WarRoomModel

/// What one round of a replication link's probe found: the measurement, why
/// the link is in its state (in words, shown to operators), and whether the
/// standby answered as a primary — it has been promoted.
public struct LinkMeasurement: Sendable, Equatable {
    public var observation: ReplicationObservation
    public var detail: String
    public var standbyIsPrimary: Bool
    /// Both ends answered as primaries this round, with what each holds; `nil` otherwise.
    public var bothPrimaries: BothPrimaries?
    /// This round proves neither end still answers as a primary beside the other (one answered
    /// as a standby, or refused): a split brain seen before is over. A hung end proves nothing.
    public var oneEndNotPrimary: Bool

    /// `oneEndNotPrimary` is false unless the probe heard an end say so: a round
    /// that learnt nothing (a missing secret, a stuck probe) never ends a split brain.
    public init(observation: ReplicationObservation, detail: String, standbyIsPrimary: Bool = false,
                bothPrimaries: BothPrimaries? = nil, oneEndNotPrimary: Bool = false) {
        var observation = observation
        observation.detail = detail
        self.observation = observation
        self.detail = detail
        self.standbyIsPrimary = standbyIsPrimary
        self.bothPrimaries = bothPrimaries
        self.oneEndNotPrimary = bothPrimaries == nil && oneEndNotPrimary
    }
}

/// A failed conversation with one end of a link: hung (timed out) or not.
protocol EndFailure: Error {
    var timedOut: Bool { get }
}

/// Whether one end's answer proves it is not a primary beside the other: it
/// answered as a standby, or refused. A hung end proves nothing.
func provesNotPrimary<Answer, Failure: EndFailure>(_ result: Result<Answer, Failure>,
                                                   isStandby: (Answer) -> Bool) -> Bool {
    switch result {
    case .success(let answer): isStandby(answer)
    case .failure(let failure): !failure.timedOut
    }
}

/// What each end of a split link holds: its position now, and the bytes it
/// wrote since the fork (the standby's last position before its promotion).
public struct BothPrimaries: Sendable, Equatable {
    public var formerPrimaryPosition: String?
    public var promotedPosition: String?
    public var formerPrimaryOnlyBytes: Int64?
    public var promotedOnlyBytes: Int64?

    public init(formerPrimaryPosition: String?, promotedPosition: String?, formerPrimaryOnlyBytes: Int64?,
                promotedOnlyBytes: Int64?) {
        self.formerPrimaryPosition = formerPrimaryPosition
        self.promotedPosition = promotedPosition
        self.formerPrimaryOnlyBytes = formerPrimaryOnlyBytes
        self.promotedOnlyBytes = promotedOnlyBytes
    }

    /// From byte positions: each end's bytes past the fork (never negative; `nil` when a position is unknown).
    public init(formerPrimary: Int64?, promoted: Int64?, fork: Int64?, formerText: String?, promotedText: String?) {
        func past(_ position: Int64?) -> Int64? {
            guard let position, let fork else { return nil }
            let (difference, overflow) = position.subtractingReportingOverflow(fork)
            return overflow ? nil : max(0, difference)
        }
        self.init(formerPrimaryPosition: formerText, promotedPosition: promotedText,
                  formerPrimaryOnlyBytes: past(formerPrimary), promotedOnlyBytes: past(promoted))
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
    /// The standby was seen promoted: the primary's position is frozen at what
    /// it was then, so the old primary answering again (split brain, or a
    /// restart) never moves the data at risk the promotion left behind.
    private var promoted = false

    func primaryAnswered(_ position: StreamPosition, at instant: EpochMillis) {
        lock.withLock { if !promoted { lastPrimary = (instant, position) } }
    }

    func standbyReplicates(at position: StreamPosition) {
        lock.withLock {
            lastStandby = position
            promoted = false
        }
    }

    func standbyPromoted() {
        lock.withLock { promoted = true }
    }

    /// The standby's position from before its promotion.
    var standbyBeforePromotion: StreamPosition? { lock.withLock { lastStandby } }

    /// The round's measurement against the last primary position seen.
    func measurement(linkID: String, state: LinkState, at instant: EpochMillis, primaryAnswersNow: Bool,
                     standby: StreamPosition?, detail: String, standbyIsPrimary: Bool,
                     bothPrimaries: BothPrimaries? = nil, oneEndNotPrimary: Bool = false) -> LinkMeasurement {
        let (seen, frozen) = lock.withLock { (lastPrimary, promoted) }
        let observation = ReplicationObservation.measured(
            linkID: linkID, state: state, at: instant, primary: seen?.position, primarySeenAt: seen?.at,
            primaryAnswersNow: primaryAnswersNow && !frozen, standby: standby)
        return LinkMeasurement(observation: observation, detail: detail, standbyIsPrimary: standbyIsPrimary,
                               bothPrimaries: bothPrimaries, oneEndNotPrimary: oneEndNotPrimary)
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
