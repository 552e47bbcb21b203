import Foundation
import WarRoomModel
import WarRoomStore

/// Why this process cannot carry out operator actions on a cache.
public struct ChannelUnavailable: Error, Equatable {
    public var reason: String
}

/// How this process carries out operator actions: through the running agent's
/// socket when one listens, else directly when this user may write the cache.
public enum OperatorChannel {
    public static func actions(cachePath: String, identity: OperatorIdentity = SystemIdentity.current())
        -> Result<OperatorActions, ChannelUnavailable> {
        let socketPath = SocketIO.socketPath(forCache: cachePath)
        let reachability = SocketOperatorActions.reachability(cachePath: cachePath)
        if reachability == .listening {
            return .success(SocketOperatorActions(socketPath: socketPath, identity: identity))
        }
        let folder = (cachePath as NSString).deletingLastPathComponent
        if access(cachePath, W_OK) == 0, access(folder.isEmpty ? "." : folder, W_OK) == 0 {
            // This user may write the cache: if it still cannot be opened, say
            // why, rather than that they may not.
            do {
                return .success(DirectOperatorActions(identity: identity, writer: try CacheWriter(path: cachePath)))
            } catch {
                return .failure(ChannelUnavailable(reason: "no agent is listening on \(socketPath), and the cache could not be opened to "
                                                   + "write it directly: \(error)"))
            }
        }
        if case .notPermitted(let why) = reachability { return .failure(ChannelUnavailable(reason: why)) }
        return .failure(ChannelUnavailable(
            reason: "no agent is listening on \(socketPath) and you may not write the cache"))
    }
}
