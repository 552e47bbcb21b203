import Foundation

/// A stop request another thread (a signal handler, the console) can make.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    var isRequested: Bool { lock.withLock { requested } }

    func request() {
        lock.withLock { requested = true }
    }
}
