import WarRoomModel

/// How the simulated world answers the plan's steps (fencing stops writes, a
/// restore mends the data), and the scenarios that are not outages: a
/// corrupted data type and a planned failback.
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

    /// Counts rounds of failed integrity checks at the primary; the third
    /// declares the corruption and proposes the restore.
    mutating func trackCorruption(at instant: EpochMillis) -> [AgentEvent] {
        guard let corruption = configuration.scenario.corruption else { return [] }
        let primary = DemoTopology.primary
        let failing = corruptionDetail(siteID: primary, serviceID: corruption.serviceID, at: instant) != nil
        let rule = AlertRules.alert(
            name: "DataIntegrityCheckFailed", severity: .critical, siteID: primary, serviceID: corruption.serviceID,
            extraLabels: ["data_type": corruption.dataType],
            summary: "\(siteName(primary)) \(corruption.dataType): rows fail their checksums",
            description: "The integrity check of \(corruption.dataType) found rows whose checksums do not match.", at: instant)
        var updates = alerts.evaluate(rule, holds: failing, for: 0, at: instant).map { [AgentEvent.alert($0.alert)] } ?? []
        let key = "corruption:" + corruption.dataType
        guard failing else {
            consecutiveFailures[key] = 0
            return updates
        }
        if firstFailureAt[key] == nil { firstFailureAt[key] = instant }
        consecutiveFailures[key, default: 0] += 1
        guard consecutiveFailures[key] == configuration.failedChecksForDetection, incident == nil else { return updates }
        let firstFailure = firstFailureAt[key] ?? instant
        let standbys = sites.filter { $0.id != primary }.map(\.name).joined(separator: " and ")
        let opened = Incident(id: "INC-0001",
                              title: configuration.incidentTitlePrefix + "\(corruption.dataType) data corrupted at \(siteName(primary)), replicated to every standby",
                              severity: .sev1, status: .investigating, commander: nil, serviceID: corruption.serviceID,
                              impactStartedAt: firstFailure, openedAt: instant, siteID: nil)
        incident = opened
        updates.append(.incident(opened))
        updates += [
            timeline(.detection, "First failed integrity check of \(corruption.dataType) at \(siteName(primary))", at: firstFailure),
            timeline(.detection, "\(configuration.failedChecksForDetection) failed integrity checks in a row; \(standbys) fail it too: the corruption has replicated, failing over would not help", at: instant),
            timeline(.incident, "Incident opened (SEV1); paging the on-call incident commander", at: instant),
        ]
        updates += proposePlan(at: instant) { [sites] plan, steps, awaiting in
            "Restore plan \(plan.id) proposed: \(corruption.dataType) at \(Self.name(of: plan.toSiteID, in: sites)) from backup to the last clean write (\(steps) steps, \(awaiting) await approval)"
        }
        scheduled.append(ScheduledEvent(at: instant.adding(seconds: 300), kind: .escalateIfNoCommander))
        return updates
    }

    /// The planned failback: New York has been back and caught up for a while.
    mutating func declareFailback(at instant: EpochMillis) -> [AgentEvent] {
        let (from, to) = (DemoTopology.hotStandby, DemoTopology.primary)
        let opened = Incident(id: "INC-0001",
                              title: configuration.incidentTitlePrefix + "Planned failback \(siteName(from)) → \(siteName(to))",
                              severity: .sev3, status: .identified, commander: nil, serviceID: "core-mcp",
                              impactStartedAt: instant, openedAt: instant, siteID: from)
        incident = opened
        var updates: [AgentEvent] = [
            .incident(opened),
            timeline(.incident, "Failback declared: \(siteName(to)) is healthy and its standbys are caught up; returning the primary role to it", at: instant),
        ]
        updates += proposePlan(at: instant) { [sites] plan, steps, awaiting in
            "Failback plan \(plan.id) proposed: \(Self.name(of: plan.fromSiteID, in: sites)) → \(Self.name(of: plan.toSiteID, in: sites)) (\(steps) steps, \(awaiting) await approval)"
        }
        return updates
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
