import Foundation
import WarRoomModel

/// Wall-clock time and waiting, behind a protocol so tests can run a demo
/// without waiting for it.
public protocol WallClock: Sendable {
    var now: EpochMillis { get }
    func sleep(seconds: Double)
}

/// The machine's clock.
public struct SystemClock: WallClock {
    public init() {}

    public var now: EpochMillis {
        EpochMillis((Date().timeIntervalSince1970 * 1000).rounded())
    }

    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}
