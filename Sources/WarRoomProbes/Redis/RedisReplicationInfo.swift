/// What `INFO replication` says, read defensively: unknown fields are
/// ignored, missing ones are `nil` (unknown), never 0.
public struct RedisReplicationInfo: Sendable, Equatable {
    /// A replica as its master lists it (`slave0:ip=…,port=…,state=online,offset=…,lag=0`).
    public struct ConnectedReplica: Sendable, Equatable {
        public var ip: String?
        public var port: Int?
        /// `online`, `wait_bgsave`, `send_bulk`, …
        public var state: String?
        /// The replication offset the replica acknowledged.
        public var offset: Int64?
        /// Seconds since the replica's last acknowledgement: not data lag.
        public var lagSeconds: Int?

        public init(ip: String?, port: Int?, state: String?, offset: Int64?, lagSeconds: Int?) {
            self.ip = ip
            self.port = port
            self.state = state
            self.offset = offset
            self.lagSeconds = lagSeconds
        }
    }

    public enum Role: String, Sendable, Equatable {
        case master
        /// Redis calls it `slave` in `INFO`.
        case replica
        case unknown
    }

    public var role: Role
    /// On a master: where its stream is (bytes since the replication ID began).
    public var masterReplOffset: Int64?
    public var connectedReplicas: [ConnectedReplica] = []
    /// On a replica: `up` or `down`.
    public var masterLinkStatus: String?
    public var masterHost: String?
    public var masterPort: Int?
    public var masterLastIOSecondsAgo: Int?
    public var masterSyncInProgress: Bool?
    /// On a replica: how much of the master's stream it has processed.
    public var replicaOffset: Int64?
    public var masterLinkDownSinceSeconds: Int?

    /// Parses the text of `INFO replication` (`key:value` lines, `#` headings).
    public static func parse(_ text: String) -> RedisReplicationInfo {
        var fields: [String: String] = [:]
        var replicas: [(Int, ConnectedReplica)] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = String(line[line.index(after: colon)...])
            if key.hasPrefix("slave"), let number = Int(key.dropFirst(5)) {
                replicas.append((number, connectedReplica(value)))
            } else {
                fields[key] = value
            }
        }
        let role: Role = switch fields["role"] {
        case "master": .master
        case "slave", "replica": .replica
        default: .unknown
        }
        var info = RedisReplicationInfo(role: role)
        info.masterReplOffset = fields["master_repl_offset"].flatMap { Int64($0) }
        info.connectedReplicas = replicas.sorted { $0.0 < $1.0 }.map(\.1)
        info.masterLinkStatus = fields["master_link_status"]
        info.masterHost = fields["master_host"]
        info.masterPort = fields["master_port"].flatMap { Int($0) }
        info.masterLastIOSecondsAgo = fields["master_last_io_seconds_ago"].flatMap { Int($0) }
        info.masterSyncInProgress = fields["master_sync_in_progress"].flatMap { $0 == "1" ? true : $0 == "0" ? false : nil }
        info.replicaOffset = fields["slave_repl_offset"].flatMap { Int64($0) }
        info.masterLinkDownSinceSeconds = fields["master_link_down_since_seconds"].flatMap { Int($0) }
        return info
    }

    /// `ip=127.0.0.1,port=6380,state=online,offset=1234,lag=0`
    private static func connectedReplica(_ text: String) -> ConnectedReplica {
        var values: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return ConnectedReplica(ip: values["ip"], port: values["port"].flatMap { Int($0) }, state: values["state"],
                                offset: values["offset"].flatMap { Int64($0) }, lagSeconds: values["lag"].flatMap { Int($0) })
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
