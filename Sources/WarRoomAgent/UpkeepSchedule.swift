import Foundation
import Logging
import WarRoomModel
import WarRoomStore

/// What every agent loop does on a schedule besides its work: the heartbeat
/// and WAL checkpoints (paced on the steady clock, so a step of the wall
/// clock neither stalls nor hurries them) and sample retention (the agent's
/// own clock, where the samples' times live). Pruning runs six times
/// per raw window, at most hourly, so the raw samples stay near their window.
struct UpkeepSchedule {
    var heartbeatIntervalSeconds: Double
    var checkpointIntervalSeconds: Double
    var retentionSeconds: Double
    var rawRetentionSeconds: Double
    /// Steady-clock seconds since the loop started.
    private var nextBeat: Double
    private var nextCheckpoint: Double
    private var nextPrune: EpochMillis

    init(heartbeatIntervalSeconds: Double, checkpointIntervalSeconds: Double, retentionSeconds: Double,
         rawRetentionSeconds: Double, firstPruneAt: EpochMillis) {
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.checkpointIntervalSeconds = checkpointIntervalSeconds
        self.retentionSeconds = retentionSeconds
        self.rawRetentionSeconds = rawRetentionSeconds
        nextBeat = 0
        nextCheckpoint = checkpointIntervalSeconds
        nextPrune = firstPruneAt
    }

    /// Does whatever is due at `steadyNow` (steady seconds since the loop
    /// started); `forceBeat` beats now (a run's last round, a clock step).
    mutating func run(writer: CacheWriter, steadyNow: Double, clockNow: EpochMillis, forceBeat: Bool = false,
                      logger: Logger, heartbeat: () -> AgentHeartbeat) throws {
        if clockNow >= nextPrune {
            let pruned = try writer.prune(samplesBefore: clockNow.adding(seconds: -rawRetentionSeconds),
                                          historyBefore: clockNow.adding(seconds: -retentionSeconds))
            if pruned > 0 { logger.debug("pruned samples", metadata: ["count": "\(pruned)"]) }
            nextPrune = clockNow.adding(seconds: min(3600, max(60, rawRetentionSeconds / 6)))
        }
        if steadyNow >= nextBeat || forceBeat {
            try writer.beat(heartbeat())
            nextBeat = steadyNow + heartbeatIntervalSeconds
        }
        if steadyNow >= nextCheckpoint {
            if !writer.checkpoint() { logger.debug("checkpoint deferred: a reader is in the way") }
            nextCheckpoint = steadyNow + checkpointIntervalSeconds
        }
    }
}
