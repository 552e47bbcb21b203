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
        let reader = try CacheAccess.reader(cachePath)
        let snapshot: CacheSnapshot
        do {
            snapshot = try reader.snapshot(limits: SnapshotLimits(incidents: 100))
            try? reader.close()
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        guard let actions = OperatorChannel.actions(cachePath: cachePath) else {
            throw CommandFailure.exit("\(cachePath): no agent is listening on \(cachePath).sock and you may not write the cache; nothing was recorded")
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

/// How this process carries out operator actions: through the running agent's
/// socket when one listens, else directly when this user may write the cache.
enum OperatorChannel {
    static func actions(cachePath: String) -> OperatorActions? {
        let identity = SystemIdentity.current()
        if let socket = SocketOperatorActions.forCache(cachePath, identity: identity) { return socket }
        let folder = (cachePath as NSString).deletingLastPathComponent
        guard access(cachePath, W_OK) == 0, access(folder.isEmpty ? "." : folder, W_OK) == 0,
              let writer = try? CacheWriter(path: cachePath) else { return nil }
        return DirectOperatorActions(identity: identity, writer: writer)
    }
}
