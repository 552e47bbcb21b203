import Foundation
import NIOCore
import NIOPosix
import WarRoomModel

/// Runs the probes' tasks and timers on the event loops their network I/O
/// already runs on (SwiftNIO's), apart from Swift's shared cooperative pool:
/// nothing busy there holds a check up, and a probe's request, answer and
/// timers need no hop between threads. Nothing run here may block: a command
/// probe waits for its process on a thread of its own.
final class ProbeExecutor: TaskExecutor, @unchecked Sendable {
    private let group: EventLoopGroup

    init(group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// The loop this thread runs, if it runs one (no hop), else the next.
    private var loop: EventLoop { MultiThreadedEventLoopGroup.currentEventLoop ?? group.next() }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Suspends the calling task for `seconds`.
    func sleep(seconds: Double) async {
        await withCheckedContinuation { continuation in
            loop.scheduleTask(in: ProbeDeadline.amount(seconds)) { continuation.resume() }
        }
    }

    /// Runs `body` an interval apart until the task is cancelled, each run
    /// delayed by its own jitter (which spreads runs out without stretching
    /// the interval) and due on a 50 ms slot, so runs due close together wake
    /// the loop once. A slow run delays only its own next one.
    func repeatRuns(every interval: Double, jitter: Double, now: @Sendable () -> EpochMillis,
                    _ body: () async -> Void) async {
        var base = now()
        while !Task.isCancelled {
            let next = Self.slot(base.adding(seconds: Double.random(in: 0...max(0, jitter))))
            let wait = next.seconds(since: now())
            if wait > 0 { await sleep(seconds: wait) }
            if Task.isCancelled { return }
            await body()
            base = max(base.adding(seconds: interval), now())
        }
    }

    /// `instant` rounded up to the next 50 ms.
    static func slot(_ instant: EpochMillis) -> EpochMillis {
        (instant + 49) / 50 * 50
    }

    /// Runs `work` every `seconds` until the returned task is cancelled.
    func repeating(every seconds: Double, _ work: @escaping @Sendable () -> Void) -> RepeatedTask {
        let interval = ProbeDeadline.amount(seconds)
        return group.next().scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in work() }
    }
}

/// Gives up on probes that have not returned by their deadline: one sweep
/// four times a second for all of them, not a timer per probe, so a probe
/// that answers in time costs no wake-up of its own.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var deadlines: [Int: (deadline: NIODeadline, giveUp: @Sendable () -> Void)] = [:]
    private var nextID = 0
    private var timer: RepeatedTask?

    init(executor: ProbeExecutor) {
        timer = executor.repeating(every: 0.25) { [weak self] in self?.sweep() }
    }

    /// Calls `giveUp` once `seconds` have passed, unless ``forget(_:)`` comes first.
    func watch(seconds: Double, giveUp: @escaping @Sendable () -> Void) -> Int {
        lock.withLock {
            nextID += 1
            deadlines[nextID] = (.now() + ProbeDeadline.amount(seconds), giveUp)
            return nextID
        }
    }

    func forget(_ id: Int) {
        _ = lock.withLock { deadlines.removeValue(forKey: id) }
    }

    func stop() {
        timer?.cancel()
    }

    deinit {
        timer?.cancel()
    }

    private func sweep() {
        let now = NIODeadline.now()
        let expired: [@Sendable () -> Void] = lock.withLock {
            let due = deadlines.filter { $0.value.deadline <= now }
            for id in due.keys { deadlines[id] = nil }
            return due.values.map(\.giveUp)
        }
        expired.forEach { $0() }
    }
}

/// True for the first caller only.
final class OnceResult: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}

/// A counting semaphore for tasks: at most `count` probes run at once. A lock
/// and continuations, not an actor, so it needs no executor of its own.
final class Permits: @unchecked Sendable {
    private let lock = NSLock()
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        available = count
    }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let granted: Bool = lock.withLock {
                guard available > 0 else {
                    waiting.append(continuation)
                    return false
                }
                available -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                available += 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}
