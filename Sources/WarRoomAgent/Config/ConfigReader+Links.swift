import WarRoomModel
import WarRoomProbes

/// How a replication link is measured: `redis:` (PostgreSQL comes next).
extension ConfigReader {
    /// The link's measurement, if it names one.
    func linkKind(_ link: ConfigFields) -> LinkCheck.Kind? {
        guard let redis = link.mapping("redis", allowed: ["master", "replica", "password", "heartbeat_key", "heartbeat"]) else {
            return nil
        }
        let master = endpoint(redis, "master")
        let replica = endpoint(redis, "replica")
        var password: SecretReference?
        if let text = redis.string("password") {
            password = SecretReference(reference: text)
            if password == nil { redis.problem("password", "give it as env:NAME or file:PATH, never inline") }
        }
        let heartbeat = redis.bool("heartbeat") ?? true
        let key = redis.string("heartbeat_key") ?? "warroom:heartbeat"
        guard let master, let replica else { return nil }
        return .redis(RedisLinkCheck(master: master, replica: replica, password: password, heartbeatKey: heartbeat ? key : nil))
    }

    /// `host:port`.
    private func endpoint(_ fields: ConfigFields, _ key: String) -> RedisEndpoint? {
        guard let text = fields.string(key, required: true) else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
              colon > text.startIndex else {
            fields.problem(key, "must be host:port, e.g. 127.0.0.1:6379 (got '\(text)')")
            return nil
        }
        return RedisEndpoint(host: String(text[..<colon]), port: port)
    }
}
