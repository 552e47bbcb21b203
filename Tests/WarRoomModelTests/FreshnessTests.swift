import Testing
import WarRoomModel

@Suite("Health roll-up and freshness")
struct FreshnessTests {
    let wallNow: EpochMillis = 1_800_000_000_000

    func heartbeat(ageSeconds: Double, speed: Double = 1, interval: Double = 5) -> AgentHeartbeat {
        AgentHeartbeat(agentName: "agent", processID: 1, wallAt: wallNow.adding(seconds: -ageSeconds),
                       clockAt: 5_000_000, clockSpeed: speed, intervalSeconds: interval, startedAt: 0)
    }

    @Test("only ok is ok: unknown and stale never count as healthy")
    func onlyOKIsOK() {
        #expect(HealthState.ok.isOK)
        for state in HealthState.allCases where state != .ok {
            #expect(!state.isOK)
        }
    }

    @Test("a roll-up is the worst part, and unknown outranks a known warning")
    func rollUp() {
        #expect(HealthState.rollUp([.ok, .ok]) == .ok)
        #expect(HealthState.rollUp([.ok, .warning]) == .warning)
        #expect(HealthState.rollUp([.warning, .unknown, .ok]) == .unknown)
        #expect(HealthState.rollUp([.unknown, .critical]) == .critical)
        #expect(HealthState.rollUp([]) == .unknown)
    }

    @Test("the agent is stale after three missed intervals of wall-clock time, whatever the simulated speed",
          arguments: [0.1, 1.0, 30.0, 86_400.0])
    func staleOnWallClock(speed: Double) {
        #expect(!heartbeat(ageSeconds: 14.9, speed: speed).isStale(wallNow: wallNow))
        #expect(heartbeat(ageSeconds: 15.1, speed: speed).isStale(wallNow: wallNow))
    }

    @Test("a heartbeat stamped in the future (the wall clock stepped back) is not fresh; a little skew is")
    func heartbeatFromTheFuture() {
        #expect(heartbeat(ageSeconds: -3600, speed: 1).isStale(wallNow: wallNow), "an hour ahead vouches for nothing")
        #expect(!heartbeat(ageSeconds: -2, speed: 1).isStale(wallNow: wallNow), "two seconds of skew is no jump")
    }

    @Test("no heartbeat at all is stale")
    func missingHeartbeat() {
        #expect(FreshnessPolicy().isAgentStale(nil, wallNow: wallNow))
    }

    @Test("while the agent is stale every site is stale, whatever its last checks said")
    func staleSite() {
        let check = HealthCheck(siteID: "london", serviceID: "core", state: .ok, latencyMs: 40, errorRate: 0,
                                observedAt: 5_000_000)
        var snapshot = CacheSnapshot(healthChecks: [check], heartbeat: heartbeat(ageSeconds: 60))
        #expect(FreshnessPolicy().siteHealth("london", in: snapshot, wallNow: wallNow) == .stale)
        snapshot.heartbeat = heartbeat(ageSeconds: 1)
        #expect(FreshnessPolicy().siteHealth("london", in: snapshot, wallNow: wallNow) == .ok)
        snapshot.heartbeat = nil
        #expect(FreshnessPolicy().siteHealth("london", in: snapshot, wallNow: wallNow) == .stale)
    }

    @Test("a check too old on the agent's clock is unknown while the agent beats on")
    func oldObservation() {
        let old = HealthCheck(siteID: "london", serviceID: "core", state: .ok, latencyMs: 40, errorRate: 0,
                              observedAt: 5_000_000 - 61_000)
        let fresh = HealthCheck(siteID: "london", serviceID: "edge", state: .ok, latencyMs: 40, errorRate: 0,
                                observedAt: 5_000_000 - 1_000)
        let snapshot = CacheSnapshot(healthChecks: [old, fresh], heartbeat: heartbeat(ageSeconds: 1))
        let policy = FreshnessPolicy(maxObservationAgeSeconds: 60)
        #expect(policy.effectiveState(of: old, heartbeat: snapshot.heartbeat, wallNow: wallNow) == .unknown)
        #expect(policy.siteHealth("london", in: snapshot, wallNow: wallNow) == .unknown)
        #expect(policy.siteHealth("nowhere", in: snapshot, wallNow: wallNow) == .unknown)
    }

    @Test("while the agent is stale no RPO is vouched for")
    func staleRPO() {
        let link = ReplicationLink(id: "l", dataType: "registry", sourceSiteID: "a", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5, state: .streaming, lagSeconds: 0.04, lagBytes: 10, observedAt: 1,
                                   dataAtRiskSeconds: 0.04)
        #expect(FreshnessPolicy().rpoStatus(of: link, heartbeat: heartbeat(ageSeconds: 1), wallNow: wallNow) == .ok)
        #expect(FreshnessPolicy().rpoStatus(of: link, heartbeat: heartbeat(ageSeconds: 16), wallNow: wallNow) == .unknown)
    }
}
