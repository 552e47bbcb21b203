import Foundation
import WarRoomAgent
import WarRoomConsole
import WarRoomModel
import WarRoomStore

/// What the action commands share: the cache read for facts, and operator
/// actions carried out directly when this user may write the cache.
struct OperatorSession {
    let path: String
    let snapshot: CacheSnapshot
    let actions: OperatorActions
    let wallNow: EpochMillis

    static func open(cachePath: String) throws -> OperatorSession {
        let reader: CacheReader
        let snapshot: CacheSnapshot
        do {
            reader = try CacheReader(path: cachePath)
            snapshot = try reader.snapshot(limits: SnapshotLimits(incidents: 100, alertQueue: 500))
            try? reader.close()
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        let folder = (cachePath as NSString).deletingLastPathComponent
        guard access(cachePath, W_OK) == 0, access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
            // The agent's socket, for users who may not write the cache, is not there yet.
            throw CommandFailure.exit("\(cachePath): you may not write this cache and no agent socket is available; run as the agent's user")
        }
        let writer: CacheWriter
        do {
            writer = try CacheWriter(path: cachePath)
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        let actions = DirectOperatorActions(identity: SystemIdentity.current(), writer: writer)
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
