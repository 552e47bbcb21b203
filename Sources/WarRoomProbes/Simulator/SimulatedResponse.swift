import WarRoomModel

/// How the simulated world answers the plan's steps (fencing stops writes, a
/// restore mends the data), and what a corrupted data type looks like.
extension Simulator {
    /// A built-in step that ran: the world changes from its end on.
    mutating func react(to ending: StepEnding) {
        guard ending.succeeded else { return }
        switch ending.builtin {
        case "fence-site", "freeze-writes":
            if writesStoppedAt[ending.fromSiteID] == nil { writesStoppedAt[ending.fromSiteID] = ending.at }
        case "unfence-site", "unfreeze-writes":
            writesStoppedAt[ending.fromSiteID] = nil
        case "restore-pitr":
            restore(siteID: ending.toSiteID, incidentID: ending.incidentID, at: ending.at)
        case "resync-standbys":
            // Standbys re-seeded from a restored primary are clean; from a corrupt one they are not.
            guard cleanSince[ending.toSiteID] != nil else { return }
            for site in sites where site.id != ending.toSiteID { cleanSince[site.id] = ending.at }
        default:
            break
        }
    }

    /// When the scenario's bad write lands at the primary.
    var corruptionAt: EpochMillis? {
        configuration.scenario.corruption.map { configuration.startAt.adding(seconds: $0.afterSeconds) }
    }

    /// The integrity check's complaint at a site while its copy is corrupt
    /// (replication carries the bad rows to the standbys within a second).
    func corruptionDetail(siteID: String, serviceID: String, at instant: EpochMillis) -> String? {
        guard let corruption = configuration.scenario.corruption, corruption.serviceID == serviceID,
              let corruptionAt else { return nil }
        let reachedAt = siteID == DemoTopology.primary ? corruptionAt : corruptionAt.adding(seconds: 1)
        guard instant >= reachedAt, cleanSince[siteID].map({ instant < $0 }) ?? true else { return nil }
        return "integrity check failed: \(corruption.dataType) rows written since \(Format.utc(corruptionAt)) fail their checksums"
    }

    /// The seeds' rule "data integrity check failed" at the primary. The
    /// corruption is declared by a person reading it (the demo's scripted
    /// on-call), not by detection: the site answers, so it is not down.
    mutating func evaluateCorruptionRule(at instant: EpochMillis) -> [AgentEvent] {
        guard let corruption = configuration.scenario.corruption else { return [] }
        let primary = DemoTopology.primary
        let failing = corruptionDetail(siteID: primary, serviceID: corruption.serviceID, at: instant) != nil
        let rule = AlertRules.alert(
            name: "DataIntegrityCheckFailed", severity: .critical, siteID: primary, serviceID: corruption.serviceID,
            extraLabels: ["data_type": corruption.dataType],
            summary: "\(siteName(primary)) \(corruption.dataType): rows fail their checksums",
            description: "The integrity check of \(corruption.dataType) found rows whose checksums do not match.", at: instant)
        return updates(for: alerts.evaluate(rule, holds: failing, for: 0, at: instant))
    }

    /// The restore ended: the site's copy is clean from now, and the incident
    /// keeps what was lost: the writes between the bad one and the write stop
    /// (or the restore itself, when writes never stopped).
    private mutating func restore(siteID: String, incidentID: String?, at instant: EpochMillis) {
        guard let corruption = configuration.scenario.corruption, let corruptionAt, let incidentID else { return }
        cleanSince[siteID] = instant
        let lost = max(0, (writesStoppedAt[siteID] ?? instant).seconds(since: corruptionAt))
        let rpo = topology.links.filter { $0.dataType == corruption.dataType }.map(\.rpoSeconds).min() ?? 0
        let perSecond = DemoTopology.dataTypes.first { $0.id == corruption.dataType }?.bytesPerSecond ?? 0
        let point = RecoveryPoint(linkID: "backup:\(corruption.dataType)@\(siteID)", dataType: corruption.dataType,
                                  siteID: siteID, promotedAt: instant, rpoSeconds: rpo, dataAtRiskSeconds: lost,
                                  dataAtRiskBytes: Int64(lost * perSecond), unknownWindowSeconds: 0)
        heard.append(.restored(
            incidentID: incidentID, point: point,
            evidence: "\(corruption.dataType) at \(siteName(siteID)) restored to the last clean write before \(Format.utc(corruptionAt)): \(Format.seconds(lost)) of writes lost (RPO \(Format.seconds(rpo)))"))
    }

    func siteName(_ id: String) -> String {
        Self.name(of: id, in: sites)
    }

    static func name(of id: String, in sites: [Site]) -> String {
        sites.first { $0.id == id }?.name ?? id
    }
}
