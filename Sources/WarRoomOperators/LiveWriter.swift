import Foundation
import WarRoomClock
import WarRoomModel

extension AgentHeartbeat {
    /// True when this heartbeat is current and its process still runs: another
    /// writer owns the cache.
    public var isLiveWriter: Bool {
        guard !isStale(wallNow: SystemClock().now), processID != getpid() else { return false }
        return kill(processID, 0) == 0 || errno == EPERM
    }
}
