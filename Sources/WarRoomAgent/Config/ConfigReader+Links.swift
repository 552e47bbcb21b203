import WarRoomModel
import WarRoomProbes

/// How a replication link is measured: `redis:` or `postgres:`.
extension ConfigReader {
    /// The link's measurement, if it names one.
    func linkKind(_ link: ConfigFields) -> LinkCheck.Kind? {
        if link.has("redis") && link.has("postgres") {
            link.problem("postgres", "a link is measured one way: give `redis:` or `postgres:`, not both")
            return nil
        }
        if let redis = link.mapping("redis", allowed: ["master", "replica", "password", "heartbeat_key", "heartbeat"]) {
            return redisKind(redis)
        }
        if let postgres = link.mapping("postgres", allowed: ["primary", "standby", "user", "password", "database",
                                                             "application_name", "heartbeat_table", "create_heartbeat_table",
                                                             "heartbeat", "tls"]) {
            return postgresKind(postgres)
        }
        return nil
    }

    private func redisKind(_ redis: ConfigFields) -> LinkCheck.Kind? {
        let master = address(redis, "master")
        let replica = address(redis, "replica")
        let password = secret(redis, "password")
        let heartbeat = redis.bool("heartbeat") ?? true
        let key = redis.string("heartbeat_key") ?? "warroom:heartbeat"
        guard let master, let replica else { return nil }
        return .redis(RedisLinkCheck(master: master, replica: replica, password: password, heartbeatKey: heartbeat ? key : nil))
    }

    private func postgresKind(_ postgres: ConfigFields) -> LinkCheck.Kind? {
        let primary = address(postgres, "primary")
        let standby = address(postgres, "standby")
        let password = secret(postgres, "password")
        let heartbeat = postgres.bool("heartbeat") ?? true
        let table = postgres.string("heartbeat_table") ?? "warroom_heartbeat"
        if !PostgresLinkCheck.isPlainIdentifier(table) {
            postgres.problem("heartbeat_table", "must be a plain table name, optionally schema-qualified (letters, digits, _), got '\(table)'")
        }
        let tls = postgres.has("tls") ? postgres.choice("tls", PostgresLinkCheck.TLSMode.self) : .disable
        guard let primary, let standby, let tls, PostgresLinkCheck.isPlainIdentifier(table) else { return nil }
        return .postgres(PostgresLinkCheck(
            primary: primary, standby: standby, user: postgres.string("user") ?? "postgres", password: password,
            database: postgres.string("database"), applicationName: postgres.string("application_name"),
            heartbeatTable: heartbeat ? table : nil, createHeartbeatTable: postgres.bool("create_heartbeat_table") ?? true,
            tls: tls))
    }

    /// A password given by reference (`env:NAME`, `file:PATH`); inline is refused.
    private func secret(_ fields: ConfigFields, _ key: String) -> SecretReference? {
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
