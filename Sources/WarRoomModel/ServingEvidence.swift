/// Why a site's primary still serves, from replication measured elsewhere: a
/// standby at another site that streams from it now (a PostgreSQL WAL
/// receiver `streaming`, a Redis replica's link up) and whose stream still
/// advances. Orchestrator's rule: observers that cannot reach a primary its
/// standbys still replicate from are cut off from it; it is not down. One
/// rule for the decider, the console and `status`.
///
/// "Streaming" alone is not enough: after a power loss the TCP connection
/// goes silent and a PostgreSQL receiver says `streaming` until
/// `wal_receiver_timeout` (60 s by default). The stream advances when the
/// standby has replayed a primary heartbeat written recently (its lag in
/// seconds is small): somebody still writes to that primary, and it ships
/// what they write.
public enum ServingEvidence {
    /// Per source site, in words: each link from it to another site that
    /// streams, measured within `freshSeconds` of `now` (both on the agent's
    /// clock), whose newest replayed heartbeat is at most `freshSeconds` old
    /// (or two of the link's measurement rounds, when longer). A link whose
    /// lag in seconds is unknown (no heartbeat configured) counts on its
    /// state alone, and says so.
    public static func of(_ links: [ReplicationLink], at now: EpochMillis, freshSeconds: Double,
                          siteNames: [String: String] = [:]) -> [String: [String]] {
        var evidence: [String: [String]] = [:]
        for link in links where link.targetSiteID != link.sourceSiteID && link.state == .streaming {
            guard let seen = link.observedAt, now.seconds(since: seen) <= freshSeconds else { continue }
            let advancing: String
            if let lag = link.lagSeconds {
                // Below 0: the writer's clock runs a little ahead of this one; the heartbeat is fresh all the same.
                guard lag.isFinite, lag <= max(freshSeconds, link.silenceThresholdSeconds) else { continue }
                advancing = "its newest primary heartbeat is \(Format.seconds(max(0, lag))) old"
            } else {
                advancing = "link up; no heartbeat shows it advancing"
            }
            let target = siteNames[link.targetSiteID] ?? link.targetSiteID
            let how = [advancing] + (link.detail.map { [$0] } ?? [])
            evidence[link.sourceSiteID, default: []]
                .append("the \(link.dataType) standby at \(target) still streams from it (\(how.joined(separator: "; ")))")
        }
        return evidence
    }
}
