import Foundation
import WarRoomModel
import WarRoomProbes

/// What this agent hands its cluster round: the latest views of every site,
/// from the agent loop's detection rounds, and how to read this site's own
/// incidents from its cache for the round to record when it decides.
public final class ClusterOutbox: @unchecked Sendable {
    /// This site's own incidents (the open ones and those named), kept at the site named.
    public typealias OwnIncidents = @Sendable (Set<String>, String) throws -> [SharedIncident]
    /// This site's own live consoles (at the site named, now).
    public typealias OwnConsoles = @Sendable (String, EpochMillis) throws -> [ConsolePresence]

    private let lock = NSLock()
    private var views: [ObserverView] = []
    private var incidents: OwnIncidents = { _, _ in [] }
    private var consoles: OwnConsoles = { _, _ in [] }

    public init() {}

    /// The views of the round just judged.
    public func publish(_ views: [ObserverView]) {
        lock.withLock { self.views = views }
    }

    /// Where the round reads this site's own incidents from.
    public func share(_ incidents: @escaping OwnIncidents) {
        lock.withLock { self.incidents = incidents }
    }

    /// Where the round reads this site's own consoles from.
    public func share(consoles: @escaping OwnConsoles) {
        lock.withLock { self.consoles = consoles }
    }

    var latest: [ObserverView] { lock.withLock { views } }
    var ownConsoles: OwnConsoles { lock.withLock { consoles } }
    var ownIncidents: OwnIncidents { lock.withLock { incidents } }
}

/// The cluster as a source of the agent loop: every detection interval it
/// publishes this agent's latest views, reads everyone's and the decider's
/// incident records, and hands the loop the records to mirror
/// (``AgentEvent/sharedIncidents(_:siteID:)``) and a
/// ``AgentEvent/cluster(_:)`` event, which the cache keeps and the site
/// watch judges. Records it cannot read or write are said as the source
/// `cluster records` failing.
public final class ClusterSource: PolledSource {
    public let loop = PollingLoop()
    public let intervalSeconds: Double
    public let now: @Sendable () -> EpochMillis
    public let outbox = ClusterOutbox()
    /// Where the executor claims each step before it starts it, through this member.
    public let claims: ClusterStepClaims
    /// Where operators' decisions on steps are recorded, through this member.
    public let decisions: ClusterDecisions
    private let member: ClusterMember
    private let siteID: String

    /// - parameter claimSeconds: how long a claim may wait for the cluster (the store's deadline).
    public init(member: ClusterMember, siteID: String, intervalSeconds: Double, claimSeconds: Double,
                now: @escaping @Sendable () -> EpochMillis) {
        self.member = member
        self.siteID = siteID
        self.intervalSeconds = intervalSeconds
        self.now = now
        decisions = ClusterDecisions(member: member, siteID: siteID, waitSeconds: claimSeconds)
        claims = ClusterStepClaims(member: member, decisions: decisions, waitSeconds: claimSeconds, now: now)
    }

    public func poll() async {
        let at = now()
        // Presence is information: consoles that cannot be read are published as none.
        let consoles = (try? outbox.ownConsoles(siteID, at)) ?? []
        let round = await member.round(publishing: outbox.latest, consoles: consoles, sharing: outbox.ownIncidents, at: at)
        var events: [AgentEvent] = []
        if !round.mirrored.isEmpty { events.append(.sharedIncidents(round.mirrored, siteID: siteID)) }
        if !round.gone.isEmpty { events.append(.sharedIncidentsGone(round.gone, at: at)) }
        // After the records: a decision taken since the decider last wrote its record settles the step again.
        if !round.ledger.isEmpty { events.append(.sharedDecisions(round.ledger)) }
        if let consoles = round.consoles { events.append(.consoles(consoles, siteID: siteID)) }
        events.append(.cluster(round.status))
        if let problems = round.recordProblems {
            events.append(.sourceStatus(SourceStatus(name: "cluster records", ok: problems.isEmpty,
                                                     detail: problems.isEmpty ? "every incident record, decision and list of consoles read and written"
                                                         : problems.joined(separator: "; "), since: at)))
        }
        loop.add(events)
    }

    /// Stops the rounds and ends the lease: this agent's views vanish and, if
    /// it decided, another agent takes over at once.
    public func leave() async {
        stop()
        await member.leave()
    }
}
