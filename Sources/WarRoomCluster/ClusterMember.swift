import Foundation
import WarRoomModel

/// One agent's part in its cluster, each detection round: keep its lease,
/// publish its views of every site under it, and read every observer's
/// views in one linearizable read. A round that cannot reach a quorum of the
/// store leaves the last views as they were, marked cut off since then.
public actor ClusterMember {
    /// Most views written in one transaction (etcd's default `--max-txn-ops` is 128).
    static let viewsPerTransaction = 128

    let store: any ClusterStore
    let settings: ClusterSettings
    /// The lease this agent's keys live under; `nil` before the first round or after a refusal.
    private(set) var lease: Int64?
    /// Per view key, the round last read and this agent's clock when it was first read.
    private var heldRounds: [String: (round: Int64, since: EpochMillis)] = [:]
    var status: ClusterStatus
    /// Per incident record key, the revision this agent last mirrored or recorded.
    var recordRevisions: [String: Int64] = [:]
    /// Why each record that cannot be read cannot, by key.
    var unreadableRecords: [String: String] = [:]
    /// The records' problems as last said (`nil`: none said yet).
    private var saidProblems: [String]?

    /// - parameter siteID: the site this agent runs at.
    /// - parameter sites: every configured site, observed by each observer.
    /// - parameter observers: the sites whose agents observe.
    public init(store: any ClusterStore, settings: ClusterSettings, siteID: String, sites: [String], observers: [String],
                rule: VerdictRule) {
        self.store = store
        self.settings = settings
        status = ClusterStatus(cluster: settings.name, siteID: siteID, sites: sites, observers: observers, rule: rule)
    }

    /// Publishes `views` (this agent's, one a site) and reads everyone's; the
    /// cluster as this round found it.
    public func round(publishing views: [ObserverView], at now: EpochMillis) async -> ClusterStatus {
        await round(publishing: views, sharing: { _, _ in [] }, at: now).status
    }

    /// A round publishing no consoles.
    public func round(publishing views: [ObserverView], sharing own: @Sendable (Set<String>, String) throws -> [SharedIncident],
                      at now: EpochMillis) async -> ClusterRound {
        await round(publishing: views, consoles: [], sharing: own, at: now)
    }

    /// One round: publishes `views` and this site's `consoles`, reads the whole cluster in one read (the
    /// views, the decisions on steps and the decider's incident records), and, when this agent
    /// decides, records `own` incidents that changed.
    /// - parameter own: this site's own incidents, the open ones and those
    ///   named (recorded before and not resolved there yet), kept at the site named.
    public func round(publishing views: [ObserverView], consoles: [ConsolePresence],
                      sharing own: @Sendable (Set<String>, String) throws -> [SharedIncident], at now: EpochMillis) async -> ClusterRound {
        var round = ClusterRound(status: status)
        do {
            let lease = try await heldLease()
            let encoder = JSONEncoder()
            let values = try views.map { view in
                (key: settings.viewKey(observer: view.observerSiteID, site: view.siteID), value: Array(try encoder.encode(view)))
            } + [(key: settings.presenceKey(site: status.siteID), value: Array(try encoder.encode(consoles)))]
            for start in stride(from: 0, to: values.count, by: Self.viewsPerTransaction) {
                _ = try await store.putAll(Array(values[start..<min(values.count, start + Self.viewsPerTransaction)]), lease: lease)
            }
            status.deciderSiteID = try await decider(lease: lease)
            // From the decider's key on: the step claims, which only grow, sort before it and are not read.
            let read = try await store.read(prefix: settings.root, from: settings.deciderKey)
            // Rebuilt from this read: keys that vanished are forgotten.
            var held: [String: (round: Int64, since: EpochMillis)] = [:]
            status.views = read.keys.filter { $0.key.hasPrefix(settings.viewsPrefix) }.map { readView($0, at: now, held: &held) }
            heldRounds = held
            status.revision = read.revision
            status.readAt = now
            status.cutOffSince = nil
            status.cutOffReason = nil
            let records = read.keys.filter { $0.key.hasPrefix(settings.incidentsPrefix) }
            let taken = takeIn(records)
            round.mirrored = taken.mirrored
            round.gone = taken.gone
            let present = decode(consoles: read.keys)
            round.consoles = present.consoles
            let decided = decode(ledger: read.keys)
            round.ledger = decided.ledger
            var problems = taken.problems + decided.problems + present.problems
            if status.decides {
                problems += try await record(own, against: records, readNow: taken.changed, at: now)
            }
            // Said when it changes, and all well only after something was not.
            if problems != saidProblems && !(saidProblems == nil && problems.isEmpty) {
                saidProblems = problems
                round.recordProblems = problems
            }
        } catch {
            // A refusal may be a lease the store no longer has: the next round asks for a new one.
            if case .refused? = error as? ClusterFailure { lease = nil }
            status.cutOffSince = status.cutOffSince ?? now
            status.cutOffReason = "\(error)"
        }
        round.status = status
        return round
    }

    /// True when this agent decides: it holds the decider key.
    public var decides: Bool { status.decides }

    /// Who decides: this agent if it creates the decider key (nobody held
    /// it), else whoever holds it. One holder at a time, by transaction; the
    /// key lives under its holder's lease.
    private func decider(lease: Int64) async throws(ClusterFailure) -> String? {
        switch try await store.create(settings.deciderKey, value: Array(status.siteID.utf8), lease: lease) {
        case .created: return status.siteID
        case .exists(let holder?): return String(decoding: holder.value, as: UTF8.self)
        case .exists(nil): return nil
        }
    }

    /// Ends this agent's lease: its views vanish at once (a clean stop).
    public func leave() async {
        guard let lease else { return }
        try? await store.revoke(lease: lease)
        self.lease = nil
    }

    /// The lease the views live under: renewed, or a new one when the store lost it.
    private func heldLease() async throws(ClusterFailure) -> Int64 {
        if let lease, try await store.keepAlive(lease: lease) { return lease }
        let granted = try await store.grantLease(seconds: max(1, Int(settings.leaseSeconds.rounded(.up))))
        lease = granted
        return granted
    }

    /// A view as read, with when this agent first read its round. A value
    /// that is not a view is kept as an unknown view saying so: it never
    /// counts as down, and nobody wonders where it went.
    private func readView(_ kv: ClusterKeyValue, at now: EpochMillis,
                          held next: inout [String: (round: Int64, since: EpochMillis)]) -> ReadView {
        let view: ObserverView
        if let decoded = try? JSONDecoder().decode(ObserverView.self, from: Data(kv.value)) {
            view = decoded
        } else {
            let parts = kv.key.dropFirst(settings.viewsPrefix.count).split(separator: "/", maxSplits: 1).map(String.init)
            view = ObserverView(observerSiteID: parts.first ?? "?", siteID: parts.count > 1 ? parts[1] : "?", state: .unknown,
                                failing: [FailingService(serviceID: "view", reason: "\(kv.key) is not a warroom view (\(kv.value.count) bytes)")],
                                observedAt: 0, round: kv.modRevision, version: "?")
        }
        let held = heldRounds[kv.key]
        let since = held?.round == view.round ? held?.since ?? now : now
        next[kv.key] = (view.round, since)
        return ReadView(view: view, heldSince: since)
    }
}
