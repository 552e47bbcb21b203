import WarRoomModel

/// Lookups a frame makes many times, built once per snapshot: a fleet's
/// service × site matrix asks for a thousand checks and a thousand links ask
/// for their sites' names, so none of them may scan the lists.
struct SnapshotIndex: Sendable {
    private var checks: [String: HealthCheck] = [:]
    private(set) var checksBySite: [String: [HealthCheck]] = [:]
    /// Site names, sanitized for the terminal with the context's glyphs.
    private var siteNames: [String: String] = [:]

    init() {}

    init(_ snapshot: CacheSnapshot?, glyphs: Glyphs) {
        guard let snapshot else { return }
        for check in snapshot.healthChecks {
            // The first check of a pair wins, as a scan in order would find it.
            if checks[Self.key(check.siteID, check.serviceID)] == nil { checks[Self.key(check.siteID, check.serviceID)] = check }
            checksBySite[check.siteID, default: []].append(check)
        }
        for site in snapshot.sites where siteNames[site.id] == nil {
            siteNames[site.id] = glyphs.safe(site.name)
        }
    }

    func check(site: String, service: String) -> HealthCheck? {
        checks[Self.key(site, service)]
    }

    func siteName(_ id: String) -> String? {
        siteNames[id]
    }

    private static func key(_ site: String, _ service: String) -> String {
        site + "\u{1F}" + service
    }
}
