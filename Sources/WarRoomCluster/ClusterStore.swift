/// One key of the cluster store as a read found it.
public struct ClusterKeyValue: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]
    /// The revision that created the key (0: it does not exist).
    public var createRevision: Int64
    /// The revision of its last change: what a compare-and-set compares.
    public var modRevision: Int64
    /// The lease it lives under (0: none).
    public var lease: Int64

    public init(key: String, value: [UInt8], createRevision: Int64, modRevision: Int64, lease: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.lease = lease
    }
}

/// A read of every key under a prefix at one revision of the store.
public struct ClusterRead: Sendable, Equatable {
    public var keys: [ClusterKeyValue]
    /// The store's revision the read saw.
    public var revision: Int64

    public init(keys: [ClusterKeyValue], revision: Int64) {
        self.keys = keys
        self.revision = revision
    }
}

/// What a create-if-absent did.
public enum ClusterCreation: Sendable, Equatable {
    /// The key was created at this revision: the caller holds it.
    case created(revision: Int64)
    /// The key exists (held by someone else, or by the caller already); the
    /// holder's key when the store said it.
    case exists(ClusterKeyValue?)
}

/// Why the store gave no answer, in words naming it.
public enum ClusterFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer within the deadline: on the minority side of a partition a
    /// linearizable read never answers, so this means "no quorum from here".
    case noQuorum(String)
    /// The store answered with an error (refused, unauthenticated, lease not found).
    case refused(String)
    /// The store's answer was not what its API says.
    case malformed(String)

    public var description: String {
        switch self {
        case .noQuorum(let why), .refused(let why), .malformed(let why): why
        }
    }
}

extension ClusterStore {
    /// Every key starting with `prefix`, in one linearizable read.
    public func read(prefix: String) async throws(ClusterFailure) -> ClusterRead {
        try await read(prefix: prefix, from: nil)
    }
}

/// The calls warroom makes of the consensus store that the agents of a
/// cluster share. Consensus, leases and elections are the store's; warroom
/// only uses them. Every call is bounded by a deadline.
public protocol ClusterStore: Sendable {
    /// A lease of `seconds`; keys put under it vanish when it is not renewed.
    func grantLease(seconds: Int) async throws(ClusterFailure) -> Int64
    /// Renews `lease`; false when the store no longer has it (it expired).
    func keepAlive(lease: Int64) async throws(ClusterFailure) -> Bool
    /// Ends `lease` now, and with it every key under it.
    func revoke(lease: Int64) async throws(ClusterFailure)
    /// Sets `key` (under `lease` when given); the revision of the change.
    func put(_ key: String, value: [UInt8], lease: Int64?) async throws(ClusterFailure) -> Int64
    /// Sets every key of `values` in one transaction (under `lease` when
    /// given); the revision of the change.
    func putAll(_ values: [(key: String, value: [UInt8])], lease: Int64?) async throws(ClusterFailure) -> Int64
    /// Every key starting with `prefix` (from `start` on, in byte order,
    /// when given), in one linearizable read.
    func read(prefix: String, from start: String?) async throws(ClusterFailure) -> ClusterRead
    /// Creates `key` only if it does not exist (one transaction comparing its
    /// create revision with 0): of agents racing for it, one creates it.
    func create(_ key: String, value: [UInt8], lease: Int64?) async throws(ClusterFailure) -> ClusterCreation
    /// Sets `key` only if its last change is still `modRevision` (0: it does
    /// not exist), in one transaction; the revision of the change, or `nil`
    /// when somebody changed it since (nothing is written).
    func replace(_ key: String, value: [UInt8], ifModRevision modRevision: Int64) async throws(ClusterFailure) -> Int64?
    /// Removes `key`.
    func delete(_ key: String) async throws(ClusterFailure)
    /// Removes every key starting with `prefix`.
    func deleteAll(prefix: String) async throws(ClusterFailure)
}
