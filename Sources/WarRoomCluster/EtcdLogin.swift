import Foundation
import WarRoomProbes

/// etcd's token authentication: the user warroom logs in as, where its
/// password is (never the configuration itself), and the token etcd last
/// gave, shared by every call of the agent's gateway.
public final class EtcdLogin: @unchecked Sendable {
    public let username: String
    /// Where the password comes from, for messages (never the password).
    public let passwordReference: String
    let password: @Sendable () -> String?
    private let lock = NSLock()
    private var held: String?

    public init(username: String, password: SecretReference,
                resolve: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem) {
        self.username = username
        passwordReference = password.description
        self.password = { resolve(password) }
    }

    /// The token held, or a new one from `logIn`.
    func token(_ logIn: () async throws(ClusterFailure) -> String) async throws(ClusterFailure) -> String {
        if let held = lock.withLock({ held }) { return held }
        let token = try await logIn()
        lock.withLock { held = token }
        return token
    }

    /// Drops `token` if it is still the one held: etcd no longer takes it.
    func forget(_ token: String) {
        lock.withLock { if held == token { held = nil } }
    }

    /// True when etcd refused a call for its token (expired, or from before a restart).
    static func isStaleToken(_ refusal: String) -> Bool {
        refusal.contains("invalid auth token") || refusal.contains("user name is empty")
    }
}
