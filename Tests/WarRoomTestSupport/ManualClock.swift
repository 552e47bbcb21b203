import Foundation
import WarRoomClock
import WarRoomModel

/// Clocks that move only when slept on: a demo of minutes runs in
/// milliseconds and lands on exactly the same instants every time. The wall
/// clock can be stepped alone, as NTP or `date -s` steps it.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: EpochMillis
    private var steady: Double = 1000

    public init(start: EpochMillis) {
        current = start
    }

    public var now: EpochMillis {
        lock.withLock { current }
    }

    public func sleep(seconds: Double) {
        advance(seconds: seconds)
    }

    public var steadySeconds: Double {
        lock.withLock { steady }
    }

    /// Time passes: both clocks move.
    public func advance(seconds: Double) {
        lock.withLock {
            current = current.adding(seconds: seconds)
            steady += seconds
        }
    }

    /// The wall clock steps by `seconds` (negative: back); the steady clock does not move.
    public func step(seconds: Double) {
        lock.withLock { current = current.adding(seconds: seconds) }
    }
}

/// A manual clock whose wall clock steps by itself once given amounts of
/// time have passed: a step in the middle of a run that cannot be paused.
public final class SteppingClock: WallClock, @unchecked Sendable {
    private let clock: ManualClock
    private let lock = NSLock()
    private var steps: [(afterSeconds: Double, seconds: Double)]
    private var passed: Double = 0

    /// `steps`: after how many seconds of sleeping the wall clock steps, by how much.
    public init(start: EpochMillis, steps: [(afterSeconds: Double, seconds: Double)]) {
        clock = ManualClock(start: start)
        self.steps = steps.sorted { $0.afterSeconds < $1.afterSeconds }
    }

    public var now: EpochMillis { clock.now }
    public var steadySeconds: Double { clock.steadySeconds }

    public func sleep(seconds: Double) {
        clock.advance(seconds: seconds)
        let due: [Double] = lock.withLock {
            passed += seconds
            let due = steps.prefix { $0.afterSeconds <= passed }.map(\.seconds)
            steps.removeFirst(due.count)
            return due
        }
        due.forEach { clock.step(seconds: $0) }
    }
}
