import Foundation

/// Waits for `work` at most `seconds`: its value, or `nil` when it did not
/// return in time. The work is left to finish (or not) on its own: a client
/// library that never resumes must not hold a measurement round, or a test,
/// forever.
public func withinDeadline<T: Sendable>(_ seconds: Double, _ work: @escaping @Sendable () async -> T) async -> T? {
    await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        let once = ResumeOnce(continuation)
        let task = Task { once.resume(await work()) }
        Task {
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
