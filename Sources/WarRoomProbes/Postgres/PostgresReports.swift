import WarRoomModel

/// One row of `pg_stat_replication`: a standby as its primary sees it.
/// Positions and byte lags the server leaves NULL stay `nil`; nothing is
/// taken as zero.
public struct StandbyRow: Sendable, Equatable {
    /// `application_name`: the standby's `cluster_name`, or what its `primary_conninfo` says.
    public var applicationName: String
    public var clientAddress: String?
    /// `streaming`, `catchup`, `startup`, `backup`, `stopping`; `nil` when hidden
    /// (the agent's role lacks `pg_monitor`).
    public var state: String?
    public var sent: WALPosition?
    public var write: WALPosition?
    public var flush: WALPosition?
    public var replay: WALPosition?
    /// Bytes behind the primary's current position at each stage (`pg_wal_lsn_diff`).
    public var sentLagBytes: Int64?
    public var writeLagBytes: Int64?
    public var flushLagBytes: Int64?
    public var replayLagBytes: Int64?
    /// `write_lag`, `flush_lag`, `replay_lag` in seconds; `nil` while the
    /// link is idle (the server clears them when nothing is in flight).
    public var writeLagSeconds: Double?
    public var flushLagSeconds: Double?
    public var replayLagSeconds: Double?

    public init(applicationName: String, clientAddress: String? = nil, state: String?, sent: WALPosition? = nil,
                write: WALPosition? = nil, flush: WALPosition? = nil, replay: WALPosition? = nil,
                sentLagBytes: Int64? = nil, writeLagBytes: Int64? = nil, flushLagBytes: Int64? = nil,
                replayLagBytes: Int64? = nil, writeLagSeconds: Double? = nil, flushLagSeconds: Double? = nil,
                replayLagSeconds: Double? = nil) {
        self.applicationName = applicationName
        self.clientAddress = clientAddress
        self.state = state
        self.sent = sent
        self.write = write
        self.flush = flush
        self.replay = replay
        self.sentLagBytes = sentLagBytes
        self.writeLagBytes = writeLagBytes
        self.flushLagBytes = flushLagBytes
        self.replayLagBytes = replayLagBytes
        self.writeLagSeconds = writeLagSeconds
        self.flushLagSeconds = flushLagSeconds
        self.replayLagSeconds = replayLagSeconds
    }
}

/// What the primary said in one round.
public struct PostgresPrimaryReport: Sendable, Equatable {
    public var inRecovery: Bool
    /// `pg_current_wal_lsn()`; `nil` while in recovery.
    public var current: WALPosition?
    public var standbys: [StandbyRow]
    /// When the heartbeat row was written this round; `nil` when it was not.
    public var heartbeatWrittenAt: EpochMillis?
    /// Why the heartbeat was not written, when it was asked for.
    public var heartbeatProblem: String?

    public init(inRecovery: Bool, current: WALPosition?, standbys: [StandbyRow], heartbeatWrittenAt: EpochMillis? = nil,
                heartbeatProblem: String? = nil) {
        self.inRecovery = inRecovery
        self.current = current
        self.standbys = standbys
        self.heartbeatWrittenAt = heartbeatWrittenAt
        self.heartbeatProblem = heartbeatProblem
    }
}

/// What the standby said in one round.
public struct PostgresStandbyReport: Sendable, Equatable {
    /// `pg_is_in_recovery()`: false once promoted.
    public var inRecovery: Bool
    /// `pg_last_wal_receive_lsn()`: WAL received and flushed to its disk.
    public var received: WALPosition?
    /// `pg_last_wal_replay_lsn()`: WAL applied, visible to queries.
    public var replayed: WALPosition?
    /// `pg_is_wal_replay_paused()`; `nil` when not in recovery.
    public var replayPaused: Bool?
    /// `pg_stat_wal_receiver.status`; `nil` when no WAL receiver runs.
    public var receiverStatus: String?
    /// The newest heartbeat the standby has replayed (primary's clock at write).
    public var heartbeatAt: EpochMillis?
    public var heartbeatProblem: String?
    /// `pg_current_wal_lsn()` once promoted (it writes WAL of its own); `nil` in recovery.
    public var current: WALPosition?

    public init(inRecovery: Bool, received: WALPosition? = nil, replayed: WALPosition? = nil, replayPaused: Bool? = nil,
                receiverStatus: String? = nil, heartbeatAt: EpochMillis? = nil, heartbeatProblem: String? = nil,
                current: WALPosition? = nil) {
        self.current = current
        self.inRecovery = inRecovery
        self.received = received
        self.replayed = replayed
        self.replayPaused = replayPaused
        self.receiverStatus = receiverStatus
        self.heartbeatAt = heartbeatAt
        self.heartbeatProblem = heartbeatProblem
    }
}

/// Why a conversation with a PostgreSQL server failed, in words.
public struct PostgresFailure: Error, Equatable, Sendable, CustomStringConvertible, EndFailure {
    public var description: String
    /// The server did not answer within the deadline.
    public var timedOut: Bool

    public init(_ description: String, timedOut: Bool = false) {
        self.description = description
        self.timedOut = timedOut
    }
}
