import Foundation
import WarRoomAgent
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// A real cache file written by the simulator up to a fixed simulated time.
public struct DemoCacheFixture {
    /// The simulated (and wall-clock) instant every fixture starts at: 2026-11-23 09:00:00 UTC.
    public static let start: EpochMillis = 1_795_424_400_000

    public let directory = TemporaryDirectory()
    public let path: String
    /// The wall-clock instant the run ended at (its last heartbeat).
    public let endedAt: EpochMillis

    /// Runs the demo on a manual clock for `simulatedSeconds` at `speed`;
    /// `clockSteps` step its wall clock after so many seconds of the run.
    public init(seed: UInt64 = 7, scenario: Scenario = .primaryPowerLoss, simulatedSeconds: Double,
                speed: Double = 30, clockSteps: [(afterSeconds: Double, seconds: Double)] = []) throws {
        path = directory.file("cache.sqlite")
        let clock = SteppingClock(start: Self.start, steps: clockSteps)
        let writer = try CacheWriter(path: path)
        var options = DemoRun.Options()
        options.seed = seed
        options.scenario = scenario
        options.loop.speed = speed
        options.loop.durationSeconds = simulatedSeconds / speed
        let run = try DemoRun(options: options, writer: writer, clock: clock)
        try run.run()
        try writer.close()
        endedAt = clock.now
    }

    /// One snapshot of the finished cache.
    public func snapshot(limits: SnapshotLimits = SnapshotLimits()) throws -> CacheSnapshot {
        let reader = try CacheReader(path: path)
        defer { try? reader.close() }
        return try reader.snapshot(limits: limits)
    }
}
