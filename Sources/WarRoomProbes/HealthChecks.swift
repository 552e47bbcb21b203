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
/// with a watchdog past its own deadline (``ProbeDeadline``), so a slow or hung probe never
/// delays another; what a probe could not find out is `unknown` with the reason.
public final class HealthChecks: ObservationSource, @unchecked Sendable {
    private let checks: [CheckSpec]
    private let probes: ProbeKinds
    private let permits: Permits
    private let now: @Sendable () -> EpochMillis
    private let lock = NSLock()
    /// Each site/service pair's checks' latest results, by check name.
    private var latest: [String: [String: (check: CheckSpec, result: ProbeResult, at: EpochMillis)]] = [:]
    private var changedPairs: [String] = []
    private var changedSet: Set<String> = []
    /// Threads of the probes' own: a process busy elsewhere (or blocking calls on
    /// Swift's shared pool) never holds a check up.
    private let runs = ScheduledRuns()
    private var executor: ProbeExecutor { runs.executor }
    private let watchdog: Watchdog

    public init(checks: [CheckSpec], probes: ProbeKinds = ProbeKinds(), concurrency: Int,
                now: @escaping @Sendable () -> EpochMillis) {
        self.checks = checks
        self.probes = probes
        permits = Permits(count: max(1, concurrency))
        self.now = now
        watchdog = Watchdog(executor: runs.executor)
    }

    /// Starts every check on its schedule; each first runs within its jitter.
    public func start() {
        for check in checks {
            runs.start(check.schedule, now: now) { [self] in await run(check) }
        }
    }

    /// Cancels every check; probes in flight end at their timeout at the latest.
    public func stop() {
        runs.stop()
        watchdog.stop()
    }

    /// The health of each site's service whose checks reported since the last
    /// call: the worst of its checks' latest results.
    public func observe(until now: EpochMillis) -> [AgentEvent] {
        lock.withLock {
            defer {
                changedPairs = []
                changedSet = []
            }
            return changedPairs.compactMap { pair in
                let results = latest[pair, default: [:]].values.sorted { $0.check.name < $1.check.name }
                // The site's service is as healthy as its worst check: the model's roll-up rule.
                guard let worst = HealthState.worst(of: results, state: \.result.state) else { return nil }
                let detail = results.count == 1 ? worst.result.detail : "\(worst.check.name): \(worst.result.detail)"
                return .health(HealthCheck(siteID: worst.check.siteID, serviceID: worst.check.serviceID,
                                           state: worst.result.state, latencyMs: worst.result.latencyMs, errorRate: nil,
                                           observedAt: results.map(\.at).max() ?? now, detail: detail))
            }
        }
    }

    private static func pair(_ check: CheckSpec) -> String { "\(check.siteID)/\(check.serviceID)" }

    /// One run of `check`, at most `concurrency` at once, its result kept for the next round.
    private func run(_ check: CheckSpec) async {
        await permits.acquire()
        let result = await runGuarded(check)
        permits.release()
        let finished = now()
        lock.withLock {
            let pair = Self.pair(check)
            latest[pair, default: [:]][check.name] = (check, result, finished)
            if changedSet.insert(pair).inserted { changedPairs.append(pair) }
        }
    }

    /// The probe's result, or `unknown` if it has not returned 2 s past its timeout.
    private func runGuarded(_ check: CheckSpec) async -> ProbeResult {
        let probe = probes.probe(for: check)
        let once = OnceResult()
        return await withCheckedContinuation { continuation in
            let limit = ProbeDeadline.watchdogSeconds(timeout: check.timeoutSeconds)
            let watch = watchdog.watch(seconds: limit) {
                if once.claim() {
                    continuation.resume(returning: .failed("the probe did not return within \(Format.seconds(limit))"))
                }
            }
            Task(executorPreference: executor) { [watchdog] in
                let result = await probe.run(check)
                watchdog.forget(watch)
                if once.claim() { continuation.resume(returning: result) }
            }
        }
    }
}
