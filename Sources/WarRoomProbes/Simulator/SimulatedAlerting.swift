import WarRoomModel

/// The alert rules the simulated Prometheus evaluates over what the probes
/// measure. Detection, incidents and plans are not here: the agent's own
/// ``SiteWatch`` makes them from the same observations, as for a real site.
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
        return globalRule("HighErrorRate", .critical, summary: "Global error rate \(Format.percent(errorRate)) is over 1 %",
                          description: "Share of failed MCP requests across all sites, weighted by traffic.",
                          holds: errorRate > AlertThresholds.errorRate, at: instant)
            + globalRule("HighLatencyP99", .warning, summary: "Global p99 latency \(Int(p99)) ms is over 200 ms",
                         description: "99th percentile request latency across all sites.",
                         holds: p99 > AlertThresholds.p99LatencyMs, at: instant)
    }

    /// A rule over the whole service's traffic, held for the traffic rules' `for:`.
    private mutating func globalRule(_ name: String, _ severity: AlertSeverity, summary: String, description: String,
                                     holds: Bool, at instant: EpochMillis) -> [AgentEvent] {
        let alert = AlertRules.alert(name: name, severity: severity, siteID: nil, serviceID: "core-mcp",
                                     summary: summary, description: description, at: instant)
        return updates(for: alerts.evaluate(alert, holds: holds, for: AlertThresholds.trafficHoldSeconds, at: instant))
    }

    /// The seeds' rule "site unreachable": every service's check at a site
    /// failed `failedChecksForDetection` times in a row (Prometheus `for:` over
    /// the checks between); it resolves when a check answers again.
    mutating func evaluateSiteRule(_ site: Site, allFailed: Bool, at instant: EpochMillis) -> [AgentEvent] {
        let checks = configuration.failedChecksForDetection
        let serviceCount = topology.services.count
        let down = AlertRules.alert(
            name: "SiteUnreachable", severity: .critical, siteID: site.id, serviceID: nil,
            summary: "\(site.name): \(checks) consecutive health checks failed on all \(serviceCount) services",
            description: "Every health endpoint at \(site.name) stopped answering.", at: instant)
        let hold = Double(max(0, checks - 1)) * configuration.healthCheckEverySeconds
        return updates(for: alerts.evaluate(down, holds: allFailed, for: hold, at: instant))
    }

    /// An alert change as a cache update (the cache puts it on the open incidents' timelines).
    func updates(for change: AlertRules.Change?) -> [AgentEvent] {
        change.map { [.alert($0.alert)] } ?? []
    }
}
