import Foundation
import WarRoomModel
import WarRoomProbes

/// This agent's latest views of every site, handed from the agent loop's
/// detection rounds to the cluster round that publishes them.
public final class ViewOutbox: @unchecked Sendable {
    private let lock = NSLock()
    private var views: [ObserverView] = []

    public init() {}

    /// The views of the round just judged.
    public func publish(_ views: [ObserverView]) {
        lock.withLock { self.views = views }
    }

    var latest: [ObserverView] { lock.withLock { views } }
}

/// The cluster as a source of the agent loop: every detection interval it
/// publishes this agent's latest views, reads everyone's and hands the loop
/// a ``AgentEvent/cluster(_:)`` event, which the cache keeps and the site
/// watch judges.
public final class ClusterSource: PolledSource {
    public let loop = PollingLoop()
    public let intervalSeconds: Double
    public let now: @Sendable () -> EpochMillis
    public let outbox = ViewOutbox()
    private let member: ClusterMember

    public init(member: ClusterMember, intervalSeconds: Double, now: @escaping @Sendable () -> EpochMillis) {
        self.member = member
        self.intervalSeconds = intervalSeconds
        self.now = now
    }

    public func poll() async {
        let status = await member.round(publishing: outbox.latest, at: now())
        loop.add([.cluster(status)])
    }

    /// Stops the rounds and ends the lease: this agent's views vanish and, if
    /// it decided, another agent takes over at once.
    public func leave() async {
        stop()
        await member.leave()
    }
}
