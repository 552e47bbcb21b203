import Foundation
import WarRoomHost
import WarRoomHost
import WarRoomModel


/// A wall clock that moves only when slept on: a demo of minutes runs in
/// milliseconds and lands on exactly the same instants every time.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: EpochMillis

    public init(start: EpochMillis) {
        current = start
    }

    public var now: EpochMillis {
        lock.withLock { current }
    }

    public func sleep(seconds: Double) {
        advance(seconds: seconds)
    }

    public func advance(seconds: Double) {
        lock.withLock { current = current.adding(seconds: seconds) }
    }
}
