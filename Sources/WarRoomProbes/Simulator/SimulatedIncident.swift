import WarRoomModel

/// How the simulated agent responds to what it measures: alert rules,
/// detection, the incident and the failover plan.
extension Simulator {
    /// The seeds' rule "replication lag over RPO", judged on the data at risk.
    mutating func evaluateLagRule(_ link: ReplicationLink, _ seen: ReplicationObservation,
                                  at instant: EpochMillis) -> [AgentEvent] {
        let target = topology.sites.first { $0.id == link.targetSiteID }?.name ?? link.targetSiteID
        let atRisk = seen.dataAtRiskSeconds ?? 0
        let candidate = AlertRules.alert(
            name: "ReplicationLagOverRPO", severity: .critical, siteID: link.targetSiteID, serviceID: nil,
            extraLabels: ["data_type": link.dataType, "source": link.sourceSiteID],
            summary: "\(target) \(link.dataType) replication \(Format.seconds(atRisk)) behind; RPO is \(Format.seconds(link.rpoSeconds))",
            description: "Replication of \(link.dataType) from \(link.sourceSiteID) to \(link.targetSiteID) is over its recovery point objective.",
            at: instant)
        let over = seen.dataAtRiskSeconds.map { RecoveryObjectives.isOverRPO(dataAtRiskSeconds: $0, rpoSeconds: link.rpoSeconds) } ?? false
        let change = alerts.evaluate(candidate, holds: over, for: AlertThresholds.lagHoldSeconds, at: instant)
        return updates(for: change)
    }

    mutating func evaluateTrafficRules(_ traffic: [(load: Double, errorRate: Double, latencyMs: Double)],
                                       at instant: EpochMillis) -> [AgentEvent] {
        let totalLoad = traffic.map(\.load).reduce(0, +)
        guard totalLoad > 0 else { return [] }
        let errorRate = traffic.map { $0.load * $0.errorRate }.reduce(0, +) / totalLoad
        // p99 is set by the slowest 1 % of requests: timeouts once over 1 % of traffic times out.
        let timedOutShare = traffic.filter { $0.latencyMs >= Self.checkTimeoutMs }.map(\.load).reduce(0, +) / totalLoad
        let p99 = timedOutShare > 0.01 ? Self.checkTimeoutMs : traffic.map(\.latencyMs).max() ?? 0
        var updates: [AgentEvent] = []
        let errors = AlertRules.alert(
            name: "HighErrorRate", severity: .critical, siteID: nil, serviceID: "core-mcp",
            summary: "Global error rate \(Format.percent(errorRate)) is over 1 %",
            description: "Share of failed MCP requests across all sites, weighted by traffic.", at: instant)
        updates += self.updates(for: alerts.evaluate(errors, holds: errorRate > AlertThresholds.errorRate,
                                                     for: AlertThresholds.trafficHoldSeconds, at: instant))
        let latency = AlertRules.alert(
            name: "HighLatencyP99", severity: .warning, siteID: nil, serviceID: "core-mcp",
            summary: "Global p99 latency \(Int(p99)) ms is over 200 ms",
            description: "99th percentile request latency across all sites.", at: instant)
        updates += self.updates(for: alerts.evaluate(latency, holds: p99 > AlertThresholds.p99LatencyMs,
                                                     for: AlertThresholds.trafficHoldSeconds, at: instant))
        return updates
    }

    /// Counts failed rounds of checks; the third declares the site down.
    mutating func trackFailures(of site: Site, allFailed: Bool, at instant: EpochMillis) -> [AgentEvent] {
        guard allFailed else {
            consecutiveFailures[site.id] = 0
            firstFailureAt[site.id] = nil
            return []
        }
        if firstFailureAt[site.id] == nil { firstFailureAt[site.id] = instant }
        consecutiveFailures[site.id, default: 0] += 1
        guard consecutiveFailures[site.id] == configuration.failedChecksForDetection,
              !sitesDetectedDown.contains(site.id) else { return [] }
        sitesDetectedDown.insert(site.id)
        return declareSiteDown(site, impactStartedAt: firstFailureAt[site.id] ?? instant, at: instant)
    }

    private mutating func declareSiteDown(_ site: Site, impactStartedAt: EpochMillis, at instant: EpochMillis) -> [AgentEvent] {
        let checks = configuration.failedChecksForDetection
        let serviceCount = topology.services.count
        let down = AlertRules.alert(
            name: "SiteUnreachable", severity: .critical, siteID: site.id, serviceID: nil,
            summary: "\(site.name): \(checks) consecutive health checks failed on all \(serviceCount) services",
            description: "Every health endpoint at \(site.name) stopped answering.", at: instant)
        var updates: [AgentEvent] = []
        if case .fired(let alert)? = alerts.evaluate(down, holds: true, for: 0, at: instant) {
            updates.append(.alert(alert))
        }
        let opened = Incident(id: "INC-0001", title: configuration.incidentTitlePrefix + "\(site.name) \(site.role.rawValue) site unreachable",
                              severity: .sev1, status: .investigating, commander: nil, serviceID: "core-mcp",
                              impactStartedAt: impactStartedAt, openedAt: instant, siteID: site.id)
        incident = opened
        let alreadyFiring = alerts.firing.count
        updates.append(.incident(opened))
        updates += [
            timeline(.detection, "First failed health check at \(site.name): \(configuration.scenario.cause.firstFailure)", at: impactStartedAt),
            timeline(.detection, "\(checks) consecutive failed checks on all \(serviceCount) services: \(site.name) marked critical", at: instant),
            timeline(.incident, "Incident opened (SEV1); paging the on-call incident commander", at: instant),
            timeline(.alert, "\(alreadyFiring) alert(s) firing, SiteUnreachable among them", at: instant),
        ]
        updates += proposeFailover(from: site, at: instant)
        scheduled.append(ScheduledEvent(at: instant.adding(seconds: 300), kind: .escalateIfNoCommander))
        return updates
    }

    private mutating func proposeFailover(from failed: Site, at instant: EpochMillis) -> [AgentEvent] {
        proposePlan(at: instant) { [sites] plan, steps, awaiting in
            let target = Self.name(of: plan.toSiteID, in: sites)
            return "Failover plan \(plan.id) proposed: \(failed.name) → \(target) (\(steps) steps, \(awaiting) await approval)"
        }
    }

    /// Proposes the configured runbook's plan for the incident; `describe`
    /// words the timeline line from the plan, its step count and how many await approval.
    mutating func proposePlan(at instant: EpochMillis,
                              describe: (FailoverPlan, Int, Int) -> String) -> [AgentEvent] {
        guard let runbook = configuration.runbook else { return [] }
        planCount += 1
        let (plan, steps) = runbook.plan(id: "PLAN-" + Format.pad(planCount, 4), incidentID: incident?.id,
                                         proposedBy: "agent", at: instant)
        let awaiting = steps.filter { $0.state == .awaitingApproval }.count
        return [.plan(plan, steps: steps), timeline(.plan, describe(plan, steps.count, awaiting), at: instant)]
    }

    mutating func run(_ event: ScheduledEvent) -> [AgentEvent] {
        switch event.kind {
        case .escalateIfNoCommander:
            guard let incident, incident.commander == nil else { return [] }
            // Somebody may have taken command in the console since: the cache decides.
            return [.escalationWithoutCommander(TimelineEvent(
                incidentID: incident.id, at: event.at, kind: .escalation, actor: "agent",
                text: "No incident commander after 5 min: escalating to the DR lead and VP Engineering"))]
        case .declareFailback:
            return incident == nil ? declareFailback(at: event.at) : []
        }
    }

    /// An alert change as a cache update (the cache puts it on the open incidents' timelines).
    private func updates(for change: AlertRules.Change?) -> [AgentEvent] {
        change.map { [.alert($0.alert)] } ?? []
    }

    func timeline(_ kind: TimelineKind, _ text: String, at instant: EpochMillis) -> AgentEvent {
        .timeline(TimelineEvent(incidentID: incident?.id ?? "INC-0001", at: instant, kind: kind, actor: "agent", text: text))
    }
}
