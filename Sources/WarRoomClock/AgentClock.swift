import Foundation
import WarRoomModel

/// The agent's clock: instants that read as wall-clock time, advancing only
/// as the steady clock does. Anchored to the wall clock when made; a later
/// step of the system clock moves no interval, timeout, age or RTO elapsed
/// measured on it — the agent loop notices the step and says so (see
/// ``ClockStep``) instead of following it. Every source of one agent stamps
/// on the same instance, so their instants line up with the loop's.
public final class AgentClock: Sendable {
    private let clock: WallClock
    private let anchorWall: EpochMillis
    private let anchorSteady: Double

    public init(clock: WallClock = SystemClock()) {
        self.clock = clock
        anchorWall = clock.now
        anchorSteady = clock.steadySeconds
    }

    /// Now on the agent's clock.
    public var now: EpochMillis {
        anchorWall.adding(seconds: clock.steadySeconds - anchorSteady)
    }
}
