import Testing
import WarRoomModel

@Suite("Data at risk after the primary is lost")
struct DataAtRiskTests {
    static let died: EpochMillis = 1_795_424_580_000
    /// Six minutes twenty after the primary's last answer.
    static let now = died.adding(seconds: 380)

    /// A link whose primary last answered at `died`, when the standby was `behind` seconds behind.
    static func deadPrimaryLink(dataType: String, mode: ReplicationMode, rpo: Double, behind: Double) -> ReplicationLink {
        let seen = ReplicationObservation.measured(
            linkID: "\(dataType):new-york>london", state: .disconnected, at: now,
            primary: StreamPosition(heartbeatAt: died, bytes: 1_000_000), primarySeenAt: died, primaryAnswersNow: false,
            standby: StreamPosition(heartbeatAt: died.adding(seconds: -behind), bytes: 1_000_000 - Int64(behind * 1000)))
        return ReplicationLink(id: seen.linkID, dataType: dataType, sourceSiteID: "new-york", targetSiteID: "london",
                               mode: mode, rpoSeconds: rpo, state: seen.state, lagSeconds: seen.lagSeconds,
                               lagBytes: seen.lagBytes, observedAt: seen.observedAt, primarySeenAt: seen.primarySeenAt,
                               dataAtRiskSeconds: seen.dataAtRiskSeconds, dataAtRiskBytes: seen.dataAtRiskBytes)
    }

    static func preflight(_ links: [ReplicationLink], checking dataTypes: [String]) -> PreflightResult {
        var snapshot = CacheSnapshot(
            sites: [Site(id: "new-york", name: "New York", location: "NY4", role: .primary, capacityPercent: 100, loadPercent: 50),
                    Site(id: "london", name: "London", location: "LD4", role: .secondary, capacityPercent: 80, loadPercent: 20)],
            healthChecks: [HealthCheck(siteID: "london", serviceID: "core", state: .ok, latencyMs: 40, errorRate: 0,
                                       observedAt: now)],
            links: links)
        snapshot.heartbeat = AgentHeartbeat(agentName: "agent", processID: 1, wallAt: now, clockAt: now, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: died)
        return evaluate(PreflightChecks(replicationWithinRPO: dataTypes), snapshot: snapshot, at: now)
    }

    /// A New York → London plan's promotion step with `checks`, evaluated against `snapshot`.
    static func evaluate(_ checks: PreflightChecks, snapshot: CacheSnapshot, at now: EpochMillis) -> PreflightResult {
        let plan = FailoverPlan(id: "PLAN-0001", incidentID: nil, name: "Failover", fromSiteID: "new-york", toSiteID: "london",
                                proposedAt: died, proposedBy: "agent", runbookHash: "h")
        let step = PlanStep(planID: plan.id, number: 1, key: "promote", title: "Promote", action: "promote",
                            requiresApproval: true, approversRequired: 1, changesProduction: true, state: .awaitingApproval,
                            updatedAt: died, spec: StepSpec(action: StepAction(argv: ["/bin/true"]), preflight: checks))
        return Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: now)
    }

    @Test("a synchronous link with a dead primary lost nothing that was seen: the RPO check passes")
    func synchronousPasses() {
        let link = Self.deadPrimaryLink(dataType: "transaction-log", mode: .sync, rpo: 0, behind: 0)
        #expect(link.dataAtRiskSeconds == 0)
        #expect(link.dataAtRiskBytes == 0)
        #expect(link.lagSeconds == 380, "the standby's staleness still grows, apart")
        let result = Self.preflight([link], checking: ["transaction-log"])
        #expect(result.holds, "\(result.failures)")
        #expect(result.facts.lags.first?.dataAtRiskSeconds == 0)
    }

    @Test("an async link 40 s behind when the primary died fails the RPO check in words")
    func asyncBehindFails() {
        let link = Self.deadPrimaryLink(dataType: "session-state", mode: .async, rpo: 5, behind: 40)
        #expect(link.dataAtRiskSeconds == 40)
        #expect(link.rpoStatus == .breach)
        let result = Self.preflight([link], checking: ["session-state"])
        #expect(result.failures == ["London replication for session-state is 40 s behind; RPO 5 s"])
    }

    @Test("the unknown window is said beside the data at risk, never added into it")
    func unknownWindowApart() {
        let link = Self.deadPrimaryLink(dataType: "transaction-log", mode: .sync, rpo: 0, behind: 0)
        #expect(link.unknownWindowSeconds(agentNow: Self.now) == 380)
        #expect(link.isSourceSilent)
        let result = Self.preflight([link], checking: ["transaction-log"])
        #expect(result.warnings == ["New York silent for 6m20s: writes since then unknown (not counted)"])
        #expect(result.facts.lags.first?.unknownWindowSeconds == 380)
        #expect(result.facts.lags.first?.dataAtRiskSeconds == 0)
        // Silent, so never "ok": a warning, not a breach.
        #expect(link.rpoStatus == .warning)
    }

    @Test("data at risk stops growing once the primary stops answering")
    func stopsGrowing() {
        let early = Self.deadPrimaryLink(dataType: "session-state", mode: .async, rpo: 5, behind: 0.03)
        var later = early
        let seen = ReplicationObservation.measured(
            linkID: early.id, state: .disconnected, at: Self.now.adding(seconds: 600),
            primary: StreamPosition(heartbeatAt: Self.died, bytes: 1_000_000), primarySeenAt: Self.died,
            primaryAnswersNow: false, standby: StreamPosition(heartbeatAt: Self.died.adding(seconds: -0.03), bytes: 999_970))
        later.dataAtRiskSeconds = seen.dataAtRiskSeconds
        #expect(later.dataAtRiskSeconds == early.dataAtRiskSeconds)
        #expect(seen.lagBytes == nil, "what the primary has now is not known")
        #expect(seen.dataAtRiskBytes == 30)
    }

    @Test("unknown positions are unknown, never zero")
    func unknownIsNotZero() {
        let risk = RecoveryObjectives.dataAtRisk(lastPrimarySeen: nil, standby: StreamPosition(heartbeatAt: 1, bytes: 1))
        #expect(risk.seconds == nil && risk.bytes == nil)
        let link = ReplicationLink(id: "x", dataType: "registry", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5, state: .disconnected, lagSeconds: 90)
        #expect(link.rpoStatus == .unknown, "a growing lag alone says nothing about what a failover would lose")
    }
}

@Suite("When a source counts as silent")
struct SourceSilenceTests {
    @Test("a streaming link whose source was last seen long before the measurement is silent; one merely due is not")
    func silenceIsJudgedAtTheMeasurement() {
        var link = ReplicationLink(id: "x", dataType: "registry", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5, state: .streaming, observedAt: 100_000, primarySeenAt: 100_000,
                                   dataAtRiskSeconds: 0.1)
        #expect(!link.isSourceSilent)
        #expect(link.unknownWindowSeconds(agentNow: 400_000) == 300, "the window still grows between measurements")
        link.primarySeenAt = 60_000
        #expect(link.isSourceSilent)
        link.state = .unknown
        #expect(!link.isSourceSilent, "an unknown link says nothing about its source")
    }

    @Test("silence is judged from the link's own cadence: two missed rounds of a 2 s probe, not a fixed 30 s")
    func silenceByCadence() {
        var link = ReplicationLink(id: "x", dataType: "orders", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5, state: .streaming, observedAt: 106_000, primarySeenAt: 100_000,
                                   silentAfterSeconds: ReplicationLink.silentAfter(intervalSeconds: 2, timeoutSeconds: 1))
        #expect(link.silenceThresholdSeconds == 5)
        #expect(link.isSourceSilent, "6 s unheard with a 2 s interval is silence")
        link.observedAt = 104_000
        #expect(!link.isSourceSilent, "one missed round is not")
        link.silentAfterSeconds = nil
        link.observedAt = 120_000
        #expect(!link.isSourceSilent, "without a cadence (the demo) the 30 s default holds")
    }

    @Test("a disconnected link whose source answered at the measurement is not a silent source; one never seen is")
    func disconnectedReplica() {
        var link = ReplicationLink(id: "x", dataType: "session-state", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5, state: .disconnected, observedAt: 100_000, primarySeenAt: 100_000)
        #expect(!link.isSourceSilent, "the replica died; the primary answers")
        link.primarySeenAt = nil
        #expect(link.isSourceSilent, "nothing was ever heard from the source")
    }
}

@Suite("The target's health in a pre-flight")
struct TargetHealthTests {
    static func result(metrics: HealthState, core: HealthState) -> PreflightResult {
        let now = DataAtRiskTests.now
        var snapshot = CacheSnapshot(
            sites: [Site(id: "new-york", name: "New York", location: "NY4", role: .primary, capacityPercent: 100, loadPercent: 50),
                    Site(id: "london", name: "London", location: "LD4", role: .secondary, capacityPercent: 80, loadPercent: 20)],
            services: [Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5),
                       Service(id: "metrics", name: "Metrics pipeline", tier: 3, rtoSeconds: 7200, rpoSeconds: 3600, critical: false)],
            healthChecks: [HealthCheck(siteID: "london", serviceID: "core", state: core, latencyMs: 40, errorRate: 0, observedAt: now),
                           HealthCheck(siteID: "london", serviceID: "metrics", state: metrics, latencyMs: nil, errorRate: nil,
                                       observedAt: now)])
        snapshot.heartbeat = AgentHeartbeat(agentName: "agent", processID: 1, wallAt: now, clockAt: now, clockSpeed: 1,
                                            intervalSeconds: 5, startedAt: now)
        return DataAtRiskTests.evaluate(PreflightChecks(targetHealthy: true), snapshot: snapshot, at: now)
    }

    @Test("an unknown non-critical service is a warning beside a healthy target, never a failure")
    func nonCriticalUnknown() {
        let result = Self.result(metrics: .unknown, core: .ok)
        #expect(result.holds, "\(result.failures)")
        #expect(result.facts.targetHealth == .ok)
        #expect(result.warnings == ["London: Metrics pipeline is unknown (not a critical service: it holds nothing back)"])
    }

    @Test("a critical service that is not ok fails target_healthy in words")
    func criticalFails() {
        let result = Self.result(metrics: .ok, core: .unknown)
        #expect(result.failures == ["London's critical services are unknown, not ok"])
    }
}
