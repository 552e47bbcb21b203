import Foundation
import WarRoomModel
import WarRoomProbes

/// One kind of link measurement a configuration may name: its key, the
/// fields its block takes, and how the block is read.
struct LinkKindEntry: Sendable {
    var key: String
    var fields: Set<String>
    var read: @Sendable (ConfigReader, ConfigFields) -> (any LinkKind)?
}

/// How a replication link is measured: one key of ``linkKinds``.
extension ConfigReader {
    /// Every link kind, by the key that names it: a new kind is its own files and one line here.
    static let linkKinds: [LinkKindEntry] = [
        LinkKindEntry(key: "redis", fields: ["master", "replica", "password", "heartbeat_key", "heartbeat"]) { $0.redisKind($1) },
        LinkKindEntry(key: "postgres", fields: ["primary", "standby", "user", "password", "database", "application_name",
                                                "heartbeat_table", "create_heartbeat_table", "heartbeat", "tls", "ca"]) {
            $0.postgresKind($1)
        },
    ]

    /// The link's measurement, if it names one.
    func linkKind(_ link: ConfigFields) -> (any LinkKind)? {
        let named = Self.linkKinds.filter { link.has($0.key) }
        if named.count > 1 {
            let keys = Self.linkKinds.map { "`\($0.key):`" }
            let choice = keys.count == 2 ? keys.joined(separator: " or ") : "one of " + keys.joined(separator: ", ")
            link.problem(named[1].key, "a link is measured one way: give \(choice), not both")
            return nil
        }
        guard let entry = named.first, let block = link.mapping(entry.key, allowed: entry.fields) else { return nil }
        return entry.read(self, block)
    }

    func redisKind(_ redis: ConfigFields) -> (any LinkKind)? {
        let master = address(redis, "master")
        let replica = address(redis, "replica")
        let password = secret(redis, "password")
        let heartbeat = redis.bool("heartbeat") ?? true
        let key = redis.string("heartbeat_key") ?? "warroom:heartbeat"
        guard let master, let replica else { return nil }
        return RedisLinkCheck(master: master, replica: replica, password: password, heartbeatKey: heartbeat ? key : nil)
    }

    func postgresKind(_ postgres: ConfigFields) -> (any LinkKind)? {
        let primary = address(postgres, "primary")
        let standby = address(postgres, "standby")
        let password = secret(postgres, "password")
        let heartbeat = postgres.bool("heartbeat") ?? true
        let table = postgres.string("heartbeat_table") ?? "warroom_heartbeat"
        if !PostgresLinkCheck.isPlainIdentifier(table) {
            postgres.problem("heartbeat_table", "must be a plain table name, optionally schema-qualified (letters, digits, _), got '\(table)'")
        }
        let caFile = caFile(postgres)
        // A CA verifies the server: given one, TLS is required unless said otherwise (and then refused).
        let tls = postgres.has("tls") ? postgres.choice("tls", PostgresLinkCheck.TLSMode.self) : caFile == nil ? .disable : .require
        if caFile != nil, let tls, tls != .require {
            postgres.problem("ca", "a CA verifies the server's certificate, which only tls: require does; tls is \(tls.rawValue)")
        }
        guard let primary, let standby, let tls, PostgresLinkCheck.isPlainIdentifier(table) else { return nil }
        return PostgresLinkCheck(
            primary: primary, standby: standby, user: postgres.string("user") ?? "postgres", password: password,
            database: postgres.string("database"), applicationName: postgres.string("application_name"),
            heartbeatTable: heartbeat ? table : nil, createHeartbeatTable: postgres.bool("create_heartbeat_table") ?? true,
            tls: tls, caFile: caFile)
    }

    /// `ca: file:PATH`, relative to the configuration's folder; the file must be readable now.
    func caFile(_ fields: ConfigFields) -> String? {
        guard let text = fields.string("ca") else { return nil }
        guard text.hasPrefix("file:"), text.count > 5 else {
            fields.problem("ca", "give the CA certificate as file:PATH (PEM), got '\(text)'")
            return nil
        }
        let file = String(text.dropFirst(5))
        let path = file.hasPrefix("/") ? file : folder + "/" + file
        guard FileManager.default.isReadableFile(atPath: path) else {
            fields.problem("ca", "cannot read the CA certificate \(path)")
            return nil
        }
        return path
    }

    /// A password given by reference (`env:NAME`, `file:PATH`); inline is refused.
    func secret(_ fields: ConfigFields, _ key: String) -> SecretReference? {
        guard let text = fields.string(key) else { return nil }
        let reference = SecretReference(reference: text)
        if reference == nil { fields.problem(key, "give it as env:NAME or file:PATH, never inline") }
        return reference
    }

    /// `host:port`.
    private func address(_ fields: ConfigFields, _ key: String) -> ServerAddress? {
        guard let text = fields.string(key, required: true) else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
              colon > text.startIndex else {
            fields.problem(key, "must be host:port (got '\(text)')")
            return nil
        }
        return ServerAddress(host: String(text[..<colon]), port: port)
    }
}
