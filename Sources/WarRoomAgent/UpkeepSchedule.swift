import Foundation
import Logging
import WarRoomModel
import WarRoomStore

/// What every agent loop does on a schedule besides its work: the heartbeat
/// (wall clock), WAL checkpoints (wall clock) and sample retention (the
/// agent's own clock, where the samples' times live). Pruning runs six times
/// per raw window, at most hourly, so the raw samples stay near their window.
struct UpkeepSchedule {
    var heartbeatIntervalSeconds: Double
    var checkpointIntervalSeconds: Double
    var retentionSeconds: Double
    var rawRetentionSeconds: Double
    private var nextBeat: EpochMillis
    private var nextCheckpoint: EpochMillis
    private var nextPrune: EpochMillis

    init(heartbeatIntervalSeconds: Double, checkpointIntervalSeconds: Double, retentionSeconds: Double,
         rawRetentionSeconds: Double, wallStart: EpochMillis, firstPruneAt: EpochMillis) {
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.checkpointIntervalSeconds = checkpointIntervalSeconds
        self.retentionSeconds = retentionSeconds
        self.rawRetentionSeconds = rawRetentionSeconds
        nextBeat = wallStart
        nextCheckpoint = wallStart.adding(seconds: checkpointIntervalSeconds)
        nextPrune = firstPruneAt
    }

    /// Does whatever is due; `forceBeat` beats now (a run's last round).
    mutating func run(writer: CacheWriter, wallNow: EpochMillis, clockNow: EpochMillis, forceBeat: Bool = false,
                      logger: Logger, heartbeat: () -> AgentHeartbeat) throws {
        if clockNow >= nextPrune {
            let pruned = try writer.prune(samplesBefore: clockNow.adding(seconds: -rawRetentionSeconds),
                                          historyBefore: clockNow.adding(seconds: -retentionSeconds))
            if pruned > 0 { logger.debug("pruned samples", metadata: ["count": "\(pruned)"]) }
            nextPrune = clockNow.adding(seconds: min(3600, max(60, rawRetentionSeconds / 6)))
        }
        if wallNow >= nextBeat || forceBeat {
            try writer.beat(heartbeat())
            nextBeat = wallNow.adding(seconds: heartbeatIntervalSeconds)
        }
        if wallNow >= nextCheckpoint {
            if !writer.checkpoint() { logger.debug("checkpoint deferred: a reader is in the way") }
            nextCheckpoint = wallNow.adding(seconds: checkpointIntervalSeconds)
        }
    }
}
