import Foundation
import NIOCore
import WarRoomModel

/// Waits for `work` at most `seconds`: its value, or `nil` when it did not
/// return in time. The work is left to finish (or not) on its own: a client
/// library that never resumes must not hold a measurement round, or a test,
/// forever.
public func withinDeadline<T: Sendable>(_ seconds: Double, on executor: (any TaskExecutor)? = nil,
                                          _ work: @escaping @Sendable () async -> T) async -> T? {
    await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        let once = ResumeOnce(continuation)
        // On the caller's executor when it names one (the probes' own loops): the work and its
        // deadline then never wait for Swift's shared pool, whatever keeps that busy.
        let task = Task(executorPreference: executor) { once.resume(await work()) }
        Task(executorPreference: executor) {
            try? await Task.sleep(for: .seconds(seconds))
            if once.resume(nil) { task.cancel() }
        }
    }
}

/// Resumes a continuation with the first value only.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?

    init(_ continuation: CheckedContinuation<T?, Never>) {
        self.continuation = continuation
    }

    /// True when this call resumed it.
    @discardableResult
    func resume(_ value: T?) -> Bool {
        let taken: CheckedContinuation<T?, Never>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(returning: value)
        return taken != nil
    }
}

/// The one deadline rule of every probe: the probe's `timeout` covers its
/// whole exchange (connect, request, answer, body) and ends it — closing the
/// connection — when it passes; a source that makes several exchanges in a
/// round (a link asks both its ends) has `timeout` for each. The watchdog
/// above a probe gives up a fixed grace later, so it fires only for a probe
/// that failed to keep its own deadline, never in its place.
public enum ProbeDeadline {
    /// What the watchdog adds to a probe's own deadline.
    public static let graceSeconds: Double = 2

    /// When the watchdog gives up on a probe of `exchanges` exchanges of `timeout` each.
    public static func watchdogSeconds(timeout: Double, exchanges: Int = 1) -> Double {
        timeout * Double(max(1, exchanges)) + graceSeconds
    }

    /// A NIO time amount for `seconds`, without trapping on a value no configuration allows.
    public static func amount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(OutsideNumber.int64((seconds * 1e9).rounded()).map { max(0, $0) } ?? Int64(OutsideNumber.limit))
    }
}

/// The exchange did not end within its deadline.
public struct ExchangeTimedOut: Error, Equatable, Sendable {
    public var seconds: Double
}

/// Runs `work` with `seconds` to finish; past that ``ExchangeTimedOut`` is
/// thrown at once and the work is cancelled (a cancelled HTTP request closes
/// its connection). The caller never waits for the cancellation to be
/// noticed: a body read that only checks between bytes must not stretch the
/// deadline of a loaded machine.
public func withExchangeDeadline<T: Sendable>(_ seconds: Double,
                                              _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = await withinDeadline(seconds) { () -> Result<T, Error> in
        do { return .success(try await work()) } catch { return .failure(error) }
    }
    guard let outcome else { throw ExchangeTimedOut(seconds: seconds) }
    return try outcome.get()
}
