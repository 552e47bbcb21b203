import Testing
import WarRoomModel

@Suite("RTO and RPO accounting")
struct RecoveryAccountingTests {
    static let minute: EpochMillis = 60_000
    static let core = Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5)
    static let monitoring = Service(id: "mon", name: "Monitoring", tier: 3, rtoSeconds: 300, rpoSeconds: 3600)

    func step(_ number: Int, _ state: StepState, started: EpochMillis?, ended: EpochMillis?) -> PlanStep {
        PlanStep(planID: "P", number: number, key: "s\(number)", title: "step \(number)", action: "a", requiresApproval: false,
                 approversRequired: 0, changesProduction: false, state: state, updatedAt: ended ?? 0,
                 startedAt: started, endedAt: ended)
    }

    @Test("health counts from the later of detection and the failover's end; the state at an instant is the last change")
    func healthyAt() {
        let changes = [HealthChange(at: 0, state: .ok, detail: ""), HealthChange(at: 100, state: .critical, detail: ""),
                       HealthChange(at: 500, state: .ok, detail: "")]
        #expect(RecoveryAccounting.healthyAt(from: 50, changes: changes) == 50, "ok already: restored at once")
        #expect(RecoveryAccounting.healthyAt(from: 200, changes: changes) == 500, "critical: restored at the next ok")
        #expect(RecoveryAccounting.healthyAt(from: 200, changes: Array(changes.prefix(2))) == nil, "never ok again")
        #expect(RecoveryAccounting.healthyAt(from: 200, changes: []) == nil, "no history is not healthy")
    }

    @Test("a scripted site incident: each service's recovery time against its own tier's RTO, exact")
    func serviceRecoveries() {
        let incident = Incident(id: "INC-1", title: "t", severity: .sev1, status: .resolved, commander: "a", serviceID: "core",
                                impactStartedAt: 0, openedAt: 1 * Self.minute, siteID: "ny")
        let steps = [step(1, .succeeded, started: 2 * Self.minute, ended: 3 * Self.minute),
                     step(2, .skipped, started: nil, ended: 3 * Self.minute),
                     step(3, .succeeded, started: 4 * Self.minute, ended: 8 * Self.minute)]
        let completed = RecoveryAccounting.completedAt(steps, endedAt: \.endedAt)
        #expect(completed == 8 * Self.minute)
        let recoveries = RecoveryAccounting.serviceRecoveries(
            incident: incident, services: [Self.core, Self.monitoring], siteID: "london", failoverCompletedAt: completed,
            health: { id in id == "core" ? [HealthChange(at: 0, state: .ok, detail: "")]
                                         : [HealthChange(at: 0, state: .critical, detail: ""),
                                            HealthChange(at: 9 * Self.minute, state: .ok, detail: "")] })
        #expect(recoveries.map(\.recoverySeconds) == [420, 480], "7 and 8 minutes from detection at minute 1")
        #expect(recoveries.map(\.metRTO) == [true, false], "Core within 15 min; Monitoring over its 5 min")
        #expect(recoveries.allSatisfy { $0.siteID == "london" && $0.detectedAt == Self.minute })
        let serviceOnly = Incident(id: "INC-2", title: "t", severity: .sev2, status: .resolved, commander: "a", serviceID: "mon",
                                   impactStartedAt: 0, openedAt: 0)
        #expect(RecoveryAccounting.serviceRecoveries(incident: serviceOnly, services: [Self.core, Self.monitoring], siteID: "ny",
                                                     failoverCompletedAt: nil, health: { _ in [] }).map(\.serviceID) == ["mon"])
        #expect(RecoveryAccounting.serviceRecoveries(incident: serviceOnly, services: [Self.monitoring], siteID: "ny",
                                                     failoverCompletedAt: nil, health: { _ in [] }).map(\.metRTO) == [false],
                "never restored has not met its RTO")
    }

    @Test("a plan completes only when every step ended well; one that failed with nothing running has stopped")
    func planOutcome() {
        #expect(PlanOutcome([step(1, .succeeded, started: 1, ended: 2), step(2, .running, started: 3, ended: nil)]) == .inProgress)
        #expect(PlanOutcome([step(1, .succeeded, started: 1, ended: 2), step(2, .skipped, started: nil, ended: 9)])
                == .completed(at: 9))
        #expect(PlanOutcome([step(1, .succeeded, started: 1, ended: 2), step(2, .failed, started: 3, ended: 5),
                             step(3, .pending, started: nil, ended: nil)]) == .stopped(at: 5, stepNumber: 2))
        #expect(PlanOutcome([step(1, .rejected, started: nil, ended: 4), step(2, .approved, started: nil, ended: nil)])
                == .inProgress, "an approved step may still run")
        #expect(PlanOutcome([]) == .inProgress)
    }

    @Test("the data at risk at promotion against the RPO, with the source's silence beside it; unknown is not met")
    func recoveryPoint() {
        var link = ReplicationLink(id: "s:ny>ld", dataType: "session-state", sourceSiteID: "ny", targetSiteID: "ld", mode: .async,
                                   rpoSeconds: 5)
        link.dataAtRiskSeconds = 4.5
        link.dataAtRiskBytes = 1200
        link.primarySeenAt = 10_000
        let point = RecoveryAccounting.recoveryPoint(of: link, promotedAt: 190_000)
        #expect(point.unknownWindowSeconds == 180 && point.metRPO && point.dataAtRiskBytes == 1200)
        link.dataAtRiskSeconds = 5.5
        #expect(!RecoveryAccounting.recoveryPoint(of: link, promotedAt: 190_000).metRPO)
        link.dataAtRiskSeconds = nil
        link.primarySeenAt = nil
        let unknown = RecoveryAccounting.recoveryPoint(of: link, promotedAt: 190_000)
        #expect(!unknown.metRPO && unknown.unknownWindowSeconds == nil)
    }

    @Test("escalation at half and four fifths of the RTO budget, each once, the higher one when both are passed")
    func escalation() {
        func clock(_ elapsed: Double) -> RTOClock { RTOClock(elapsedSeconds: elapsed, budgetSeconds: 900, status: .ok) }
        #expect(RTOEscalation.due(clock(449), escalatedPercent: 0) == nil)
        #expect(RTOEscalation.due(clock(450), escalatedPercent: 0)?.percent == 50)
        #expect(RTOEscalation.due(clock(700), escalatedPercent: 50) == nil)
        #expect(RTOEscalation.due(clock(720), escalatedPercent: 50)?.percent == 80)
        #expect(RTOEscalation.due(clock(800), escalatedPercent: 0)?.percent == 80, "a late look escalates once, to the higher")
        #expect(RTOEscalation.due(clock(5000), escalatedPercent: 80) == nil)
        #expect(RTOEscalation.due(RTOClock(elapsedSeconds: 10, budgetSeconds: 0, status: .breach), escalatedPercent: 0) == nil)
        #expect(RTOEscalation.words(percent: 50, who: "level 2", clock: clock(450.4), serviceName: "Core")
                == "RTO budget 50 % spent (7m30s of 15m for Core): escalating to level 2")
    }

    @Test("a drill report's rates: success, mean recovery time, RTO and RPO compliance across drills")
    func summary() {
        func drill(_ id: String, failover: Double?, rto: [Double?], rpo: [Double?]) -> DrillResult {
            DrillResult(id: id, scenario: .siteFailure, target: "demo", dryRun: false, incidentID: "INC", planID: nil,
                        startedAt: 0, endedAt: 1, detectedAt: 0, failoverSeconds: failover,
                        services: rto.map { restored in
                            ServiceRecovery(serviceID: "s", serviceName: "S", tier: 1, rtoSeconds: 600, siteID: "ld",
                                            detectedAt: 0, restoredAt: restored.map { EpochMillis($0 * 1000) })
                        },
                        dataTypes: rpo.map { risk in
                            RecoveryPoint(linkID: "l", dataType: "d", siteID: "ld", promotedAt: 0, rpoSeconds: 5,
                                          dataAtRiskSeconds: risk, dataAtRiskBytes: nil, unknownWindowSeconds: nil)
                        }, steps: [], approvals: [])
        }
        let results = [drill("D1", failover: 300, rto: [300, 300], rpo: [1, 2]),
                       drill("D2", failover: 500, rto: [500, 700], rpo: [1, 9]),
                       drill("D3", failover: nil, rto: [nil], rpo: [nil])]
        #expect(results.map(\.succeeded) == [true, false, false])
        let summary = DrillSummary(results: results, since: nil)
        #expect(summary.drills == 3 && summary.succeeded == 1)
        #expect(summary.successRate == 1.0 / 3 && summary.meanRecoverySeconds == 400)
        #expect(summary.rtoComplianceRate == 3.0 / 5 && summary.rpoComplianceRate == 3.0 / 5)
        let empty = DrillSummary(results: [], since: 0)
        #expect(empty.successRate == nil && empty.meanRecoverySeconds == nil && empty.rtoComplianceRate == nil)
    }
}
