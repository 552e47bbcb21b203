import WarRoomModel

extension SiteWatch {
    /// What a read of the cluster changes. Only the decider opens incidents,
    /// and only for a verdict of down; suspect and unreachable are said on
    /// the timeline of an incident that is open for the site. Each change of
    /// a verdict is said once.
    mutating func respond(toCluster status: ClusterStatus, at now: EpochMillis, incidentIsOpen: (String) -> Bool,
                          automation: () -> Automation?) -> [AgentEvent] {
        guard status.hasQuorum else {
            // Cut off, it may have lost the decider's key already: it acts on nothing until a read says it decides.
            decided = false
            return []
        }
        let names = Dictionary(config.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let decides = status.decides
        var response: [AgentEvent] = []
        // Coming to decide, it goes on from what it mirrored (before anything this read opens).
        if decides && !decided { response.append(.tookOverDecisions(siteID: status.siteID, at: now)) }
        decided = decides
        for verdict in status.verdicts(at: now, siteNames: names, servingEvidence: servingEvidence(at: now, freshSeconds: status.rule.staleAfterSeconds, names: names)) {
            guard let site = config.sites.first(where: { $0.id == verdict.siteID }) else { continue }
            let changed = lastVerdict[site.id] != verdict.kind
            lastVerdict[site.id] = verdict.kind
            if let open = incidentOfSite[site.id], !(justFollowed[open] ?? incidentIsOpen(open)) { incidentOfSite[site.id] = nil }
            if let open = incidentOfSite[site.id] {
                if changed && decides {
                    response.append(timeline(open, .detection, "Observers: \(site.name) \(verdict.kind.rawValue): \(verdict.reason)", at: now))
                }
            } else if verdict.kind == .down && decides {
                let evidence = status.views.filter { verdict.agreeing.contains($0.view.observerSiteID) && $0.view.siteID == site.id }
                    .flatMap(\.view.failing)
                let rounds = Double(max(0, config.detection.failedRounds - 1)) * config.detection.roundSeconds
                response += open(site: site, since: now.adding(seconds: -rounds), evidence: unique(evidence), at: now,
                                 automation: automation)
                if let opened = incidentOfSite[site.id] {
                    response.append(timeline(opened, .detection, "Observers agree: \(verdict.reason)", at: now))
                }
            }
        }
        return response
    }

    /// The decider's incidents as mirrored: a site's open incident is the one
    /// this agent goes on from if it comes to decide (never a second one for
    /// the same outage); numbering goes on past them (the cache's counters).
    mutating func follow(_ records: [SharedIncident]) {
        for record in records {
            justFollowed[record.incident.id] = record.incident.status.isOpen
            guard let siteID = record.incident.siteID else { continue }
            if record.incident.status.isOpen {
                incidentOfSite[siteID] = record.incident.id
            } else if incidentOfSite[siteID] == record.incident.id {
                incidentOfSite[siteID] = nil
            }
        }
    }

    /// Why each site's primary still serves (``ServingEvidence``), from this agent's own latest link measurements.
    func servingEvidence(at now: EpochMillis, freshSeconds: Double, names: [String: String]) -> [String: [String]] {
        let measured = config.links.map { link in
            var link = link
            if let seen = latestLinks[link.id] {
                link.state = seen.state
                link.observedAt = seen.observedAt
                link.lagSeconds = seen.lagSeconds
                link.detail = seen.detail
            }
            return link
        }
        return ServingEvidence.of(measured, at: now, freshSeconds: freshSeconds, siteNames: names)
    }

    /// Each failing service once, with the first reason given for it.
    private func unique(_ failing: [FailingService]) -> [FailingService] {
        var seen: Set<String> = []
        return failing.filter { seen.insert($0.serviceID).inserted }
    }
}
