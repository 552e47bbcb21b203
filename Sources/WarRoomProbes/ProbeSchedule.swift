import Foundation
import WarRoomModel

/// The probe kind for each check kind.
public struct ProbeKinds: Sendable {
    public var http: Probe
    public var tcp: Probe
    public var command: Probe

    public init(http: Probe = HTTPProbe(), tcp: Probe = TCPProbe(), command: Probe = CommandProbe()) {
        self.http = http
        self.tcp = tcp
        self.command = command
    }

    func probe(for check: CheckSpec) -> Probe {
        switch check.kind {
        case .http: http
        case .tcp: tcp
        case .command: command
        }
    }
}

/// Runs the configured checks, each on its own interval with jitter, at most
/// `concurrency` at once, and hands their results to the agent loop as health
/// events: one ``ObservationSource``. Every check runs in a task of its own
/// with a watchdog two seconds past its timeout, so a slow or hung probe never
/// delays another; what a probe could not find out is `unknown` with the reason.
public final class ProbeSchedule: ObservationSource, @unchecked Sendable {
    private let checks: [CheckSpec]
    private let probes: ProbeKinds
    private let permits: Permits
    private let now: @Sendable () -> EpochMillis
    private let lock = NSLock()
    private var latest: [String: (check: CheckSpec, result: ProbeResult, at: EpochMillis)] = [:]
    private var changedPairs: [String] = []
    private var tasks: [Task<Void, Never>] = []
    /// Threads of the probes' own: a process busy elsewhere (or blocking calls on
    /// Swift's shared pool) never holds a check up.
    private let executor = ProbeExecutor()

    public init(checks: [CheckSpec], probes: ProbeKinds = ProbeKinds(), concurrency: Int,
                now: @escaping @Sendable () -> EpochMillis) {
        self.checks = checks
        self.probes = probes
        permits = Permits(count: max(1, concurrency))
        self.now = now
    }

    /// Starts every check's task; each first runs within its jitter.
    public func start() {
        for check in checks {
            let task = Task(executorPreference: executor) { [self] in await loop(check) }
            lock.withLock { tasks.append(task) }
        }
    }

    /// Cancels every check; probes in flight end at their timeout at the latest.
    public func stop() {
        lock.withLock { tasks.forEach { $0.cancel() } }
    }

    /// The health of each site's service whose checks reported since the last
    /// call: the worst of its checks' latest results.
    public func observe(until now: EpochMillis) -> [AgentEvent] {
        lock.withLock {
            defer { changedPairs = [] }
            return changedPairs.map { pair in
                let results = latest.values.filter { Self.pair($0.check) == pair }.sorted { $0.check.name < $1.check.name }
                let worst = results.max { $0.result.state.severityRank < $1.result.state.severityRank }!
                let detail = results.count == 1 ? worst.result.detail : "\(worst.check.name): \(worst.result.detail)"
                return .health(HealthCheck(siteID: worst.check.siteID, serviceID: worst.check.serviceID,
                                           state: worst.result.state, latencyMs: worst.result.latencyMs, errorRate: nil,
                                           observedAt: results.map(\.at).max() ?? now, detail: detail))
            }
        }
    }

    private static func pair(_ check: CheckSpec) -> String { "\(check.siteID)/\(check.serviceID)" }

    private func loop(_ check: CheckSpec) async {
        var next = now().adding(seconds: Double.random(in: 0...max(0, check.jitterSeconds)))
        while !Task.isCancelled {
            let wait = next.seconds(since: now())
            if wait > 0 { await executor.sleep(seconds: wait) }
            if Task.isCancelled { return }
            await permits.acquire()
            let result = await runGuarded(check)
            permits.release()
            let finished = now()
            lock.withLock {
                latest[check.name] = (check, result, finished)
                let pair = Self.pair(check)
                if !changedPairs.contains(pair) { changedPairs.append(pair) }
            }
            // The next run is an interval after this one was due, never in the past: a slow
            // probe delays only its own next run.
            next = max(next.adding(seconds: check.intervalSeconds), finished)
                .adding(seconds: Double.random(in: 0...max(0, check.jitterSeconds)))
        }
    }

    /// How long a probe may take before the watchdog gives up on it: its timeout
    /// and 2 s more, so a slow machine is not taken for a stuck probe.
    static func watchdogSeconds(_ check: CheckSpec) -> Double {
        check.timeoutSeconds + 2
    }

    /// The probe's result, or `unknown` if it has not returned 2 s past its timeout.
    private func runGuarded(_ check: CheckSpec) async -> ProbeResult {
        let probe = probes.probe(for: check)
        let once = OnceResult()
        return await withCheckedContinuation { continuation in
            let limit = Self.watchdogSeconds(check)
            executor.after(seconds: limit) {
                if once.claim() {
                    continuation.resume(returning: .failed("the probe did not return within \(Format.seconds(limit))"))
                }
            }
            Task(executorPreference: executor) {
                let result = await probe.run(check)
                if once.claim() { continuation.resume(returning: result) }
            }
        }
    }
}

/// A task executor on threads of its own (a private concurrent dispatch queue),
/// apart from Swift's shared cooperative pool; its timers fire there too, so
/// nothing a check waits on depends on that pool.
final class ProbeExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "warroom.probes", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `work` on the executor's threads after `seconds`.
    func after(seconds: Double, _ work: @escaping @Sendable () -> Void) {
        queue.asyncAfter(deadline: .now() + seconds, execute: work)
    }

    /// Suspends the calling task for `seconds`.
    func sleep(seconds: Double) async {
        await withCheckedContinuation { continuation in after(seconds: seconds) { continuation.resume() } }
    }
}

/// True for the first caller only.
private final class OnceResult: @unchecked Sendable {
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
