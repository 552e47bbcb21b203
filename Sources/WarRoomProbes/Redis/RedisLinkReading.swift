import WarRoomModel

/// A Redis replication link as both ends report it (`INFO replication` on
/// the master and on the replica), judged: the link's state, the byte lag
/// (the master's offset minus the replica's), and Redis's own `lag` — seconds
/// since the replica's last acknowledgement, which is not data lag and is
/// never shown as such. What neither end could say stays `nil`.
public struct RedisLinkReading: Sendable, Equatable {
    public var state: LinkState
    /// `master_repl_offset` − the replica's offset; `nil` when the master did not answer.
    public var lagBytes: Int64?
    public var masterOffset: Int64?
    public var replicaOffset: Int64?
    /// Seconds since the replica last acknowledged, as its master reports it.
    public var secondsSinceAck: Int?
    /// Why the state is what it is, in words.
    public var detail: String

    /// Judges what the master and the replica (listening on `replicaPort`) answered.
    public static func judge(master: Result<RedisReplicationInfo, RedisFailure>,
                             replica: Result<RedisReplicationInfo, RedisFailure>,
                             replicaPort: Int) -> RedisLinkReading {
        let masterInfo = try? master.get()
        let listed = masterInfo?.connectedReplicas.first { $0.port == replicaPort }
        var reading = RedisLinkReading(state: .unknown, masterOffset: masterInfo?.masterReplOffset,
                                       secondsSinceAck: listed?.lagSeconds, detail: "")
        let replicaInfo: RedisReplicationInfo
        switch replica {
        case .failure(let failure) where failure.timedOut:
            // It took the connection and said nothing: hung, and what it holds is unknown.
            reading.state = .unknown
            reading.detail = "the replica \(failure)"
            return reading
        case .failure(let failure):
            reading.state = .disconnected
            reading.detail = "the replica does not answer: \(failure)"
            return reading
        case .success(let info):
            replicaInfo = info
        }
        guard replicaInfo.role == .replica else {
            reading.state = .disconnected
            reading.detail = replicaInfo.role == .master
                ? "the replica is a master now: it no longer replicates"
                : "the replica does not say it is a replica"
            return reading
        }
        reading.replicaOffset = replicaInfo.replicaOffset ?? listed?.offset
        if let masterOffset = reading.masterOffset, let replicaOffset = reading.replicaOffset, listed != nil || replicaInfo.masterLinkStatus == "up" {
            reading.lagBytes = max(0, masterOffset - replicaOffset)
        }
        switch replicaInfo.masterLinkStatus {
        case "up":
            // Offset 0 while the master has written something: the first sync has not landed yet.
            let unsynced = reading.replicaOffset == 0 && (reading.masterOffset ?? 1) > 0
            if replicaInfo.masterSyncInProgress == true || unsynced || (listed.map { $0.state != "online" } ?? false) {
                reading.state = .catchingUp
                reading.detail = "the replica is syncing (\(listed?.state ?? "full sync"))"
            } else {
                reading.state = .streaming
                reading.detail = "link up"
            }
        case "down" where replicaInfo.masterSyncInProgress == true:
            // A full sync: the link is down until the snapshot has loaded, and it is catching up.
            reading.state = .catchingUp
            reading.lagBytes = nil
            reading.detail = "full sync in progress: " + syncProgress(replicaInfo)
        case "down":
            reading.state = .disconnected
            reading.lagBytes = nil
            let since = replicaInfo.masterLinkDownSinceSeconds
            reading.detail = switch since {
            case let seconds? where seconds >= 0: "link to the master down for \(Format.seconds(Double(seconds)))"
            case _?: "link to the master down: never connected"
            case nil: "link to the master down"
            }
        default:
            reading.state = .unknown
            reading.detail = "the replica does not report its link (master_link_status missing)"
        }
        if case .failure(let failure) = master, failure.timedOut {
            reading.state = .unknown
            reading.lagBytes = nil
            reading.detail += "; the master \(failure)"
        } else if case .failure(let failure) = master {
            reading.detail += "; the master does not answer: \(failure)"
        } else if listed == nil && reading.state == .streaming {
            reading.detail += "; the master does not list this replica"
        }
        let unreadable = (masterInfo?.unreadable.map { "master: \($0)" } ?? []) + replicaInfo.unreadable.map { "replica: \($0)" }
        if !unreadable.isEmpty { reading.detail += "; unreadable: " + unreadable.joined(separator: ", ") }
        return reading
    }

    /// `12.0 MiB of 30.0 MiB (40.0 %)`, or `12.0 MiB received (size unknown)` for a diskless sync.
    public static func syncProgress(_ info: RedisReplicationInfo) -> String {
        guard let read = info.syncReadBytes else { return "no progress reported yet" }
        guard let total = info.syncTotalBytes, total > 0 else { return "\(Format.bytes(read)) received (size unknown: diskless)" }
        return "\(Format.bytes(read)) of \(Format.bytes(total)) (\(Format.percent(Double(read) / Double(total))))"
    }
}
