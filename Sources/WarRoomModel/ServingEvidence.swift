/// Why a site's primary still serves, from replication measured elsewhere: a
/// standby at another site that streams from it now (a PostgreSQL WAL
/// receiver `streaming`, a Redis replica's link up). Orchestrator's rule:
/// observers that cannot reach a primary its standbys still replicate from
/// are cut off from it; it is not down. One rule for the decider, the
/// console and `status`.
public enum ServingEvidence {
    /// Per source site, in words: each link from it to another site that
    /// streams, measured within `freshSeconds` of `now` (both on the agent's clock).
    public static func of(_ links: [ReplicationLink], at now: EpochMillis, freshSeconds: Double,
                          siteNames: [String: String] = [:]) -> [String: [String]] {
        var evidence: [String: [String]] = [:]
        for link in links where link.targetSiteID != link.sourceSiteID && link.state == .streaming {
            guard let seen = link.observedAt, now.seconds(since: seen) <= freshSeconds else { continue }
            let target = siteNames[link.targetSiteID] ?? link.targetSiteID
            let how = link.detail.map { " (\($0))" } ?? ""
            evidence[link.sourceSiteID, default: []].append("the \(link.dataType) standby at \(target) still streams from it\(how)")
        }
        return evidence
    }
}
