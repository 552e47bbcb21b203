import WarRoomModel

/// What the simulated probes see: health checks and replication lag.
extension Simulator {
    static let checkTimeoutMs = 2000.0

    mutating func runHealthChecks(at instant: EpochMillis) -> [AgentEvent] {
        var updates: [AgentEvent] = []
        var traffic: [(load: Double, errorRate: Double, latencyMs: Double)] = []
        for index in sites.indices {
            let site = sites[index]
            let powerLost = isPowerLost(site.id, at: instant)
            var failed = 0
            var worstLatency = 0.0
            var errorSum = 0.0
            for (serviceIndex, service) in topology.services.enumerated() {
                // Draw the same numbers whether or not the site is up, so a scenario
                // changes only what it is about.
                let noise = random.normal()
                let errorNoise = random.normal()
                let base = DemoTopology.baseLatencyMs[site.id, default: 50] * (1 + 0.12 * Double(serviceIndex))
                let latency = max(5, base * (1 + 0.12 * noise))
                let errorRate = max(0, 0.0015 + 0.0006 * errorNoise)
                let check: HealthCheck
                let corrupt = powerLost ? nil : corruptionDetail(siteID: site.id, serviceID: service.id, at: instant)
                if powerLost {
                    failed += 1
                    check = HealthCheck(siteID: site.id, serviceID: service.id, state: .critical, latencyMs: nil,
                                        errorRate: nil, observedAt: instant,
                                        detail: configuration.scenario.cause.checkDetail(siteName: site.name))
                } else if let corrupt {
                    // It answers, fast and wrong: degraded, not down (the site serves; failing over would not help).
                    check = HealthCheck(siteID: site.id, serviceID: service.id, state: .warning,
                                        latencyMs: (latency * 10).rounded() / 10, errorRate: nil, observedAt: instant,
                                        detail: corrupt)
                    worstLatency = max(worstLatency, latency)
                    errorSum += errorRate
                } else {
                    let breaches = latency > AlertThresholds.p99LatencyMs || errorRate > AlertThresholds.errorRate
                    check = HealthCheck(siteID: site.id, serviceID: service.id, state: breaches ? .warning : .ok,
                                        latencyMs: (latency * 10).rounded() / 10,
                                        errorRate: (errorRate * 10000).rounded() / 10000, observedAt: instant)
                    worstLatency = max(worstLatency, latency)
                    errorSum += errorRate
                }
                updates.append(.health(check))
            }
            let loadNoise = random.normal()
            if powerLost {
                // The last measured load stays: a dead site's load is not known to be zero.
                traffic.append((site.loadPercent, 1, Self.checkTimeoutMs))
            } else {
                let baseLoad = topology.sites[index].loadPercent
                sites[index].loadPercent = ((baseLoad * (1 + 0.03 * loadNoise)) * 10).rounded() / 10
                updates.append(.siteLoad(siteID: site.id, loadPercent: sites[index].loadPercent))
                traffic.append((site.loadPercent, errorSum / Double(topology.services.count), worstLatency))
            }
            updates += evaluateSiteRule(site, allFailed: failed == topology.services.count, at: instant)
        }
        updates += evaluateTrafficRules(traffic, at: instant)
        updates += evaluateCorruptionRule(at: instant)
        return updates
    }

    mutating func measureReplication(at instant: EpochMillis) -> [AgentEvent] {
        var updates: [AgentEvent] = []
        for link in topology.links {
            guard let type = DemoTopology.dataTypes.first(where: { $0.id == link.dataType }) else { continue }
            let noise = random.normal()
            let spikeDraw = random.unit()
            let bytesNoise = random.normal()
            if isPowerLost(link.sourceSiteID, at: instant) {
                // The stream broke. The standby stays where it was; the primary's last
                // position seen is the one of the last contact, so the data at risk stops
                // growing, while the standby's staleness (lag) keeps growing.
                let standby = StreamPosition(heartbeatAt: lastReplayedAt[link.id] ?? powerLossAt ?? instant,
                                             bytes: standbyBytes[link.id])
                let seen = primarySeen[link.id]
                let observation = ReplicationObservation.measured(
                    linkID: link.id, state: .disconnected, at: instant, primary: seen?.position,
                    primarySeenAt: seen?.at, primaryAnswersNow: false, standby: standby)
                updates.append(.replication(observation))
                updates += evaluateLagRule(link, observation, at: instant)
                continue
            }
            if let stoppedAt = writesStoppedAt[link.sourceSiteID], instant >= stoppedAt {
                // Writes stopped at the source: the standby has replayed the rest, nothing new comes.
                let frozen = StreamPosition(heartbeatAt: instant,
                                            bytes: Int64(type.bytesPerSecond * max(0, stoppedAt.seconds(since: configuration.startAt))))
                lastReplayedAt[link.id] = instant
                primarySeen[link.id] = (instant, frozen)
                standbyBytes[link.id] = frozen.bytes
                let observation = ReplicationObservation.measured(linkID: link.id, state: .streaming, at: instant,
                                                                  primary: frozen, primarySeenAt: instant,
                                                                  primaryAnswersNow: true, standby: frozen)
                updates.append(.replication(observation))
                updates += evaluateLagRule(link, observation, at: instant)
                continue
            }
            let typical = type.typicalLag(towards: link.targetSiteID)
            var lagSeconds: Double
            switch link.mode {
            case .sync:
                lagSeconds = 0
            case .batch:
                let every = type.batchEverySeconds ?? 600
                let sinceStart = instant.seconds(since: configuration.startAt)
                lagSeconds = sinceStart.truncatingRemainder(dividingBy: every) + 20 + 4 * abs(noise)
            case .async:
                let previous = lag[link.id] ?? typical
                lagSeconds = max(typical * 0.3, 0.7 * previous + 0.3 * typical * (1 + 0.35 * noise))
                lag[link.id] = lagSeconds
                // Now and then a standby falls behind for a few samples (GC pause, link congestion).
                var spike = (lagSpike[link.id] ?? 0) * 0.55
                if spikeDraw < 0.004 && typical < 5 { spike = link.rpoSeconds * 0.7 }
                lagSpike[link.id] = spike < 0.01 ? 0 : spike
                lagSeconds += lagSpike[link.id] ?? 0
            }
            lagSeconds += scriptedCongestion(of: link.id, at: instant)
            lagSeconds = (lagSeconds * 1000).rounded() / 1000
            lastReplayedAt[link.id] = instant.adding(seconds: -lagSeconds)
            let bytes = Int64(max(0, lagSeconds * type.bytesPerSecond * (1 + 0.1 * bytesNoise)))
            let state: LinkState = lagSeconds > max(1, typical * 3) && link.mode == .async ? .catchingUp : .streaming
            // Positions as a PostgreSQL or Redis probe reads them: the primary's now, the standby's behind it.
            let primary = StreamPosition(heartbeatAt: instant,
                                         bytes: Int64(type.bytesPerSecond * max(0, instant.seconds(since: configuration.startAt))))
            let standby = StreamPosition(heartbeatAt: lastReplayedAt[link.id], bytes: (primary.bytes ?? 0) - bytes)
            primarySeen[link.id] = (instant, primary)
            standbyBytes[link.id] = standby.bytes
            let observation = ReplicationObservation.measured(linkID: link.id, state: state, at: instant, primary: primary,
                                                              primarySeenAt: instant, primaryAnswersNow: true,
                                                              standby: standby)
            updates.append(.replication(observation))
            updates += evaluateLagRule(link, observation, at: instant)
        }
        return updates
    }

    /// Extra lag the scenario scripts on a link: a congested stream that falls
    /// behind its RPO for a while and catches up.
    func scriptedCongestion(of linkID: String, at instant: EpochMillis) -> Double {
        guard let congestion = configuration.scenario.congestion, congestion.linkID == linkID else { return 0 }
        let into = instant.seconds(since: configuration.startAt) - congestion.afterSeconds
        guard into >= 0, into < congestion.durationSeconds else { return 0 }
        // Falls behind over the first third, holds, catches up over the last third.
        let third = congestion.durationSeconds / 3
        let share = min(1, into / third, (congestion.durationSeconds - into) / third)
        return congestion.extraLagSeconds * share
    }
}
