import PostgresNIO

/// One replicated PostgreSQL data store to measure: its primary and its
/// streaming standby, who the agent connects as, and the heartbeat table the
/// agent writes on the primary (`nil`: none, so the lag in seconds is unknown).
public struct PostgresLinkCheck: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require

        /// The connection's TLS setting. A TLS context that cannot be made is an
        /// error under `require` — the connection must never go out in the clear
        /// (with the password) because of it; under `prefer` it means no TLS, as
        /// `prefer` says.
        public func postgresTLS(
            required: () throws -> PostgresConnection.Configuration.TLS = { .require(try .init(configuration: .makeClientConfiguration())) }
        ) throws -> PostgresConnection.Configuration.TLS {
            switch self {
            case .disable: return .disable
            case .prefer: return (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
            case .require: return try required()
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

    public init(primary: ServerAddress, standby: ServerAddress, user: String = "postgres", password: SecretReference? = nil,
                database: String? = nil, applicationName: String? = nil, heartbeatTable: String? = "warroom_heartbeat",
                createHeartbeatTable: Bool = true, tls: TLSMode = .disable) {
        self.primary = primary
        self.standby = standby
        self.user = user
        self.password = password
        self.database = database
        self.applicationName = applicationName
        self.heartbeatTable = heartbeatTable
        self.createHeartbeatTable = createHeartbeatTable
        self.tls = tls
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
