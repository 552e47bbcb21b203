import Foundation
import WarRoomModel

/// One replicated Redis data type to measure: its master and replica, the
/// password by reference, and the key the agent writes its heartbeat to on
/// the master (`nil`: none is written, so the lag in seconds is unknown).
public struct RedisLinkCheck: Sendable, Equatable {
    public var master: ServerAddress
    public var replica: ServerAddress
    public var password: SecretReference?
    public var heartbeatKey: String?

    public init(master: ServerAddress, replica: ServerAddress, password: SecretReference? = nil,
                heartbeatKey: String? = "warroom:heartbeat") {
        self.master = master
        self.replica = replica
        self.password = password
        self.heartbeatKey = heartbeatKey
    }
}

/// Measures one Redis replication link a round at a time. Each round it
/// writes the agent's clock to the heartbeat key on the master and reads
/// `INFO replication` there, then reads the key and `INFO replication` on the
/// replica: the replica's copy of the heartbeat says how stale it is in
/// seconds, the offsets how far behind in bytes. It remembers the last
/// primary position it saw, so the data at risk stops growing when the master
/// stops answering while the replica's staleness keeps growing.
public final class RedisLinkProbe: LinkProbe, @unchecked Sendable {
    public let linkID: String
    public let check: RedisLinkCheck
    private let client: RedisClient
    private let secrets: @Sendable (SecretReference) -> String?
    private let now: @Sendable () -> EpochMillis
    private let memory = LinkMemory()

    public init(linkID: String, check: RedisLinkCheck, client: RedisClient = RedisClient(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                now: @escaping @Sendable () -> EpochMillis) {
        self.linkID = linkID
        self.check = check
        self.client = client
        self.secrets = secrets
        self.now = now
    }

    /// One measurement, and why the link is in its state, in words.
    public func measure(timeout: Double) async -> LinkMeasurement {
        let instant = now()
        let password: String?
        switch LinkPassword.resolve(check.password, secrets: secrets, linkID: linkID, at: instant) {
        case .missing(let unknown): return unknown
        case .given(let secret): password = secret
        }
        var notes: [String] = []
        let master = await client.replicationInfo(at: check.master, password: password, timeout: timeout,
                                                  after: check.heartbeatKey.map { [["SET", $0, "\(instant)"]] } ?? [])
        var primary: StreamPosition?
        if case .success(let answer) = master {
            var heartbeatAt: EpochMillis?
            if check.heartbeatKey != nil {
                if case .error(let message)? = answer.replies.first {
                    notes.append("the master refused the heartbeat: \(message)")
                } else {
                    heartbeatAt = instant
                }
            }
            let position = StreamPosition(heartbeatAt: heartbeatAt, bytes: answer.info.masterReplOffset)
            primary = position
            memory.primaryAnswered(position, at: instant)
        }
        let replica = await client.replicationInfo(at: check.replica, password: password, timeout: timeout,
                                                   after: check.heartbeatKey.map { [["GET", $0]] } ?? [])
        let reading = RedisLinkReading.judge(master: master.map(\.info), replica: replica.map(\.info),
                                             replicaPort: check.replica.port)
        var standby: StreamPosition?
        var promoted = false
        var both: BothPrimaries?
        if case .success(let answer) = replica {
            if answer.info.role == .master {
                promoted = true
                memory.standbyPromoted()
                standby = memory.standbyBeforePromotion
                if case .success(let old) = master, old.info.role == .master {
                    let (former, new) = (old.info.masterReplOffset, answer.info.masterReplOffset)
                    both = BothPrimaries(formerPrimary: former, promoted: new, fork: standby?.bytes,
                                         formerText: former.map { "offset \($0)" }, promotedText: new.map { "offset \($0)" })
                }
            } else {
                // A heartbeat read back is a number from outside: negative or out of range is no heartbeat.
                let replayed = answer.replies.first?.text.flatMap { try? OutsideNumber.integer($0).get() }
                let position = StreamPosition(heartbeatAt: replayed, bytes: reading.replicaOffset)
                standby = position
                memory.standbyReplicates(at: position)
            }
        }
        var parts = [reading.detail] + notes
        if let ack = reading.secondsSinceAck { parts.append("last ack \(ack) s ago") }
        let isReplica = { (answer: RedisClient.InfoAnswer) in answer.info.role == .replica }
        return memory.measurement(linkID: linkID, state: reading.state, at: instant, primaryAnswersNow: primary != nil,
                                  standby: standby, detail: parts.joined(separator: "; "), standbyIsPrimary: promoted,
                                  bothPrimaries: both,
                                  oneEndNotPrimary: provesNotPrimary(master, isStandby: isReplica)
                                      || provesNotPrimary(replica, isStandby: isReplica))
    }
}
