import Foundation
import NIOSSL
import PostgresNIO

/// One replicated PostgreSQL data store to measure: its primary and its
/// streaming standby, who the agent connects as, and the heartbeat table the
/// agent writes on the primary (`nil`: none, so the lag in seconds is unknown).
public struct PostgresLinkCheck: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require

        /// The connection's TLS setting. `require` verifies the server's
        /// certificate and name (verify-full) against the system's trust store,
        /// or against `caFile` alone when given. A TLS context that cannot be
        /// made (a CA file gone) is an error under `require` — the connection
        /// must never go out in the clear (with the password) because of it;
        /// under `prefer` it means no TLS, as `prefer` says.
        public func postgresTLS(
            caFile: String? = nil,
            required: (TLSConfiguration) throws -> PostgresConnection.Configuration.TLS = { .require(try .init(configuration: $0)) }
        ) throws -> PostgresConnection.Configuration.TLS {
            switch self {
            case .disable: return .disable
            case .prefer: return (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
            case .require:
                var configuration = TLSConfiguration.makeClientConfiguration()
                configuration.certificateVerification = .fullVerification
                if let caFile {
                    // Read now, so a missing or unreadable file is said as such, not as a failed handshake.
                    guard FileManager.default.isReadableFile(atPath: caFile) else {
                        throw PostgresFailure("the CA file \(caFile) cannot be read")
                    }
                    configuration.trustRoots = .file(caFile)
                }
                return try required(configuration)
            }
        }
    }

    public var primary: ServerAddress
    public var standby: ServerAddress
    public var user: String
    public var password: SecretReference?
    public var database: String?
    /// The standby's `application_name` in `pg_stat_replication`.
    public var applicationName: String?
    /// A validated, possibly schema-qualified identifier (`warroom_heartbeat`, `ops.heartbeat`).
    public var heartbeatTable: String?
    /// Create the heartbeat table on the primary when it is missing.
    public var createHeartbeatTable: Bool
    public var tls: TLSMode
    /// The CA that signed the servers' certificates (`ca: file:PATH`): `require`
    /// trusts it alone, and checks each server's name against its certificate.
    public var caFile: String?

    public init(primary: ServerAddress, standby: ServerAddress, user: String = "postgres", password: SecretReference? = nil,
                database: String? = nil, applicationName: String? = nil, heartbeatTable: String? = "warroom_heartbeat",
                createHeartbeatTable: Bool = true, tls: TLSMode = .disable, caFile: String? = nil) {
        self.primary = primary
        self.standby = standby
        self.user = user
        self.password = password
        self.database = database
        self.applicationName = applicationName
        self.heartbeatTable = heartbeatTable
        self.createHeartbeatTable = createHeartbeatTable
        self.tls = tls
        self.caFile = caFile
    }

    /// True for `name` or `schema.name` made of letters, digits and `_`
    /// (not starting with a digit): safe to quote into SQL.
    public static func isPlainIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { part in
            guard let first = part.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
            return part.count <= 63 && part.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }

    /// The table's name quoted for SQL.
    var quotedHeartbeatTable: String? {
        heartbeatTable.map { $0.split(separator: ".").map { "\"\($0)\"" }.joined(separator: ".") }
    }
}
