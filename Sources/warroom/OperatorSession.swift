import Foundation
import WarRoomClock
import WarRoomOperators
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore

/// What the action commands share: the cache read for facts, and operator
/// actions carried out directly when this user may write the cache.
struct OperatorSession {
    let path: String
    let snapshot: CacheSnapshot
    let actions: OperatorActions
    let wallNow: EpochMillis

    /// Now on the agent's clock, which the cache's times are on.
    var agentNow: EpochMillis { AgentHeartbeat.agentNow(snapshot.heartbeat, wallNow: wallNow) }

    static func open(cachePath: String) throws -> OperatorSession {
        let reader: CacheReader
        do {
            reader = try CacheAccess.reader(cachePath)
        } catch {
            // Kept out of the cache and of the agent's socket: acting needs the operators' group, which reads too.
            if case .failure(let unavailable) = OperatorChannel.actions(cachePath: cachePath) {
                throw CommandFailure.exit("\(cachePath): \(unavailable.reason); nothing was recorded")
            }
            throw error
        }
        let snapshot: CacheSnapshot
        do {
            snapshot = try reader.snapshot(limits: SnapshotLimits(incidents: 100))
            try? reader.close()
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        let actions: OperatorActions
        switch OperatorChannel.actions(cachePath: cachePath) {
        case .success(let channel): actions = channel
        case .failure(let unavailable): throw CommandFailure.exit("\(cachePath): \(unavailable.reason); nothing was recorded")
        }
        return OperatorSession(path: cachePath, snapshot: snapshot, actions: actions, wallNow: SystemClock().now)
    }

    /// Prints an outcome; a refusal ends the command with exit status 1.
    func finish(_ outcome: ActionOutcome) throws {
        switch outcome {
        case .recorded(let message, _):
            print(TerminalText.sanitize(message))
        case .refused(let refusal):
            throw CommandFailure.exit("refused: \(refusal.reason)")
        }
    }
}
