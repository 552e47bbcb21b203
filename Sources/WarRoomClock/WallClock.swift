import Foundation
import WarRoomModel

/// The machine's two clocks, behind a protocol so tests can run a demo
/// without waiting for it and step the wall clock at will: the wall clock,
/// which stamps records and may step (NTP, a resumed VM, `date -s`), and a
/// steady clock, which only ever moves forward at the rate time passes and
/// measures every duration.
public protocol WallClock: Sendable {
    /// Wall-clock time: for stamps only, never for a duration.
    var now: EpochMillis { get }
    /// Seconds on a clock that never steps, from an arbitrary origin.
    var steadySeconds: Double { get }
    func sleep(seconds: Double)
}

/// The machine's clocks. The steady clock is `CLOCK_BOOTTIME`: monotonic, and
/// it goes on counting while the machine is suspended, as an outage's clock does.
public struct SystemClock: WallClock {
    public init() {}

    public var now: EpochMillis {
        EpochMillis((Date().timeIntervalSince1970 * 1000).rounded())
    }

    public var steadySeconds: Double {
        var reading = timespec()
        clock_gettime(CLOCK_BOOTTIME, &reading)
        return Double(reading.tv_sec) + Double(reading.tv_nsec) / 1e9
    }

    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}
