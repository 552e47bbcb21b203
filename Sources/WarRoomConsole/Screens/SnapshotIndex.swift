import Foundation
import WarRoomModel

/// Lookups a frame makes many times, built once per snapshot: a fleet's
/// service × site matrix asks for a thousand checks and a thousand links ask
/// for their sites' names, so none of them may scan the lists. The cache
/// hands the checks over grouped by site, so a site's checks are a slice
/// found by one lookup per site, not one per check.
struct SnapshotIndex: Sendable {
    private var checks: [HealthCheck] = []
    private var sites: [String: Range<Int>] = [:]
    /// Site names, sanitized for the terminal with the context's glyphs.
    private var siteNames: [String: String] = [:]

    init() {}

    init(_ snapshot: CacheSnapshot?, glyphs: Glyphs) {
        guard let snapshot else { return }
        checks = snapshot.healthChecks
        if !checks.indices.dropFirst().allSatisfy({ checks[$0 - 1].siteID <= checks[$0].siteID }) {
            // Stable: the first check of a pair still wins, as a scan in order would find it.
            checks = checks.enumerated().sorted { ($0.element.siteID, $0.offset) < ($1.element.siteID, $1.offset) }.map(\.element)
        }
        var start = 0
        for index in checks.indices where index + 1 == checks.count || checks[index + 1].siteID != checks[index].siteID {
            if sites[checks[index].siteID] == nil { sites[checks[index].siteID] = start..<(index + 1) }
            start = index + 1
        }
        for site in snapshot.sites where siteNames[site.id] == nil {
            siteNames[site.id] = glyphs.safe(site.name)
        }
    }

    /// The checks of a site, in the order the cache gave them.
    func checks(ofSite site: String) -> ArraySlice<HealthCheck> {
        sites[site].map { checks[$0] } ?? []
    }

    func check(site: String, service: String) -> HealthCheck? {
        checks(ofSite: site).first { $0.serviceID == service }
    }

    func siteName(_ id: String) -> String? {
        siteNames[id]
    }
}

/// Which sorted link list a frame asked for.
struct LinkListKey: Hashable {
    var order: LinkOrder
    var filter: String
    /// A stale agent or an unreadable cache makes every link's RPO status unknown: another order.
    var stale: Bool
}

/// Lists worked out from one snapshot, kept while it is on show: the
/// Overview, the Replication screen and the sparklines each ask for the
/// sorted links, and a frame is drawn every second.
final class SnapshotMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var linkLists: [LinkListKey: LinkRows] = [:]
    /// Each site's health while the agent is not stale (then the time changes nothing in it).
    private var siteHealth: [String: HealthState]?

    func siteHealth(_ make: () -> [String: HealthState]) -> [String: HealthState] {
        if let known = lock.withLock({ siteHealth }) { return known }
        let made = make()
        lock.withLock { siteHealth = made }
        return made
    }

    func links(_ key: LinkListKey, _ make: () -> LinkRows) -> LinkRows {
        if let known = lock.withLock({ linkLists[key] }) { return known }
        let made = make()
        lock.withLock { linkLists[key] = made }
        return made
    }
}
