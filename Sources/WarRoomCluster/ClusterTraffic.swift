import Foundation

/// What a gateway sent to etcd and got back: requests, and the bytes of
/// their JSON bodies (HTTP headers not counted, about 150 bytes a request).
public final class ClusterTraffic: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (requests: 0, sent: 0, received: 0)

    public init() {}

    func count(sent: Int, received: Int) {
        lock.withLock {
            counts.requests += 1
            counts.sent += sent
            counts.received += received
        }
    }

    /// The counts so far, and zero from now on.
    public func take() -> (requests: Int, sent: Int, received: Int) {
        lock.withLock {
            defer { counts = (0, 0, 0) }
            return counts
        }
    }
}
