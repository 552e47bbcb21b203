import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomTestSupport
import WarRoomStore

@Suite("The WAL stays bounded while a console reads without pause")
struct WALBoundTests {
    /// Largest `-wal` file a reader may see: the size the writer truncates it to,
    /// plus room for the transactions written between two checkpoints.
    static let walBound = Int64(2 * CacheWriter.journalSizeLimitBytes)

    @Test("a minute of agent writes under a polling reader", .timeLimit(.minutes(3)))
    func minuteOfWrites() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("cache.sqlite")
        let writer = try CacheWriter(path: path)
        var options = DemoRun.Options()
        options.loop.speed = 600
        options.loop.durationSeconds = 60
        options.seed = 3
        let run = try DemoRun(options: options, writer: writer)
        let done = Flag()
        let reads = Counter()
        let largestWAL = Counter()
        let reader = Thread {
            // Polls as a console would, with no pause: change check, then one snapshot.
            guard let cache = try? CacheReader(path: path) else { return }
            var lastVersion = -1
            while !done.isSet {
                if let version = try? cache.dataVersion(), version != lastVersion {
                    lastVersion = version
                    if (try? cache.snapshot()) != nil { reads.increment() }
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
                largestWAL.raise(to: Int(size))
            }
        }
        reader.start()
        let simulator = try run.run()
        done.set()
        try writer.close()
        #expect(simulator.now.seconds(since: simulator.configuration.startAt) >= 35_000, "a minute at 600x was written")
        // A reader that saw the data change many times, whatever the machine's load.
        #expect(reads.value > 20, "the reader kept reading")
        #expect(Int64(largestWAL.value) <= Self.walBound,
                "WAL reached \(largestWAL.value) bytes; bound is \(Self.walBound)")
    }
}

/// A thread-safe counter / high-water mark for the reader thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
    func raise(to candidate: Int) { lock.withLock { count = max(count, candidate) } }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var isSet: Bool { lock.withLock { flag } }
    func set() { lock.withLock { flag = true } }
}
