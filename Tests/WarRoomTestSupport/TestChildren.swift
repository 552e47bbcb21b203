import Foundation

/// Every helper process a test starts (local servers, endpoints), killed when
/// the test lets it go and, whatever happened, when the test runner exits:
/// a test that fails or throws half-way must not leave servers behind.
public enum TestChildren {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: Set<Int32> = []
    nonisolated(unsafe) private static var hooked = false

    /// Starts `process` and remembers it until ``stop(_:)``.
    public static func run(_ process: Process) throws {
        try process.run()
        let pid = process.processIdentifier
        lock.withLock {
            running.insert(pid)
            if !hooked {
                hooked = true
                atexit { TestChildren.killAll() }
            }
        }
    }

    /// Kills `process` and waits (at most 5 s) until it is gone. SIGKILL: the
    /// test runner's children may inherit SIGTERM blocked, and then ignore it.
    public static func stop(_ process: Process) {
        let pid = process.processIdentifier
        guard lock.withLock({ running.remove(pid) }) != nil else { return }
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
    }

    /// The helpers still running.
    public static var count: Int { lock.withLock { running.count } }

    private static func killAll() {
        let pids = lock.withLock { running }
        for pid in pids { kill(pid, SIGKILL) }
    }
}
