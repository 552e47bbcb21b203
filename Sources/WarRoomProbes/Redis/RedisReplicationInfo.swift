import WarRoomModel

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
    /// During a full sync: the size of the snapshot being sent (`nil` when
    /// Redis does not know it, as in a diskless sync, where it says -1).
    public var syncTotalBytes: Int64?
    /// During a full sync: how much of the snapshot has arrived.
    public var syncReadBytes: Int64?
    /// Fields that are there but cannot be what they claim (a negative
    /// offset, text for a number), in words: the reading says so, never uses them.
    public var unreadable: [String] = []

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
        func number(_ key: String, negativeAllowed: Bool = false) -> Int64? {
            guard let text = fields[key] else { return nil }
            switch OutsideNumber.integer(text, negativeAllowed: negativeAllowed) {
            case .success(let value): return value
            case .failure(let problem):
                info.unreadable.append("\(key) = \(problem)")
                return nil
            }
        }
        func whole(_ key: String, negativeAllowed: Bool = false) -> Int? {
            number(key, negativeAllowed: negativeAllowed).map { Int($0) }
        }
        info.masterReplOffset = number("master_repl_offset")
        info.connectedReplicas = replicas.sorted { $0.0 < $1.0 }.map(\.1)
        info.masterLinkStatus = fields["master_link_status"]
        info.masterHost = fields["master_host"]
        info.masterPort = whole("master_port")
        info.masterLastIOSecondsAgo = whole("master_last_io_seconds_ago", negativeAllowed: true)
        info.masterSyncInProgress = fields["master_sync_in_progress"].flatMap { $0 == "1" ? true : $0 == "0" ? false : nil }
        // Before its first sync a replica reports offset -1 or 0: unknown, not a position.
        info.replicaOffset = number("slave_repl_offset", negativeAllowed: true).flatMap { $0 < 0 ? nil : $0 }
        // -1 means "never connected", said in the reading's words.
        info.masterLinkDownSinceSeconds = whole("master_link_down_since_seconds", negativeAllowed: true)
        // A diskless sync does not know its size: -1 total, a negative amount left.
        info.syncTotalBytes = number("master_sync_total_bytes", negativeAllowed: true).flatMap { $0 < 0 ? nil : $0 }
        info.syncReadBytes = number("master_sync_read_bytes")
        return info
    }

    /// `ip=127.0.0.1,port=6380,state=online,offset=1234,lag=0`
    private static func connectedReplica(_ text: String) -> ConnectedReplica {
        var values: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        func number(_ key: String) -> Int64? { try? OutsideNumber.integer(values[key]).get() }
        return ConnectedReplica(ip: values["ip"], port: number("port").map { Int($0) }, state: values["state"],
                                offset: number("offset"), lagSeconds: number("lag").map { Int($0) })
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
