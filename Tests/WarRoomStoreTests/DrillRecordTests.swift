import Foundation
import Testing
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// A scripted drill with known times: every figure the result stores is exact.
@Suite("Drills, RTO and RPO accounting in the cache")
struct DrillRecordTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }
    static let second: EpochMillis = 1000

    func topology(_ writer: CacheWriter) throws {
        let sites = [Site(id: "ny", name: "New York", location: "US", role: .primary, capacityPercent: 100, loadPercent: 60),
                     Site(id: "ld", name: "London", location: "UK", role: .secondary, capacityPercent: 80, loadPercent: 20)]
        let services = [Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5),
                        Service(id: "mon", name: "Monitoring", tier: 3, rtoSeconds: 300, rpoSeconds: 3600)]
        let links = [ReplicationLink(id: "session:ny>ld", dataType: "session", sourceSiteID: "ny", targetSiteID: "ld",
                                     mode: .async, rpoSeconds: 5),
                     ReplicationLink(id: "logs:ny>ld", dataType: "logs", sourceSiteID: "ny", targetSiteID: "ld",
                                     mode: .async, rpoSeconds: 3600)]
        try writer.apply([.topology(sites: sites, services: services, links: links)]
                         + ["core", "mon"].map { .health(HealthCheck(siteID: "ld", serviceID: $0, state: .ok, latencyMs: 5,
                                                                      errorRate: 0, observedAt: 0)) })
    }

    func step(_ number: Int, approval: Bool) -> PlanStep {
        PlanStep(planID: "PLAN-0001", number: number, key: "s\(number)", title: "Step \(number)", action: "builtin x",
                 requiresApproval: approval, approversRequired: approval ? 1 : 0, changesProduction: approval,
                 state: approval ? .awaitingApproval : .pending, updatedAt: 60 * Self.second,
                 awaitingSince: approval ? 60 * Self.second : nil)
    }

    @Test("a drill takes the incident opened after it began; its result has the scripted failover, RTO, RPO, steps and waits")
    func scriptedDrill() throws {
        let writer = try CacheWriter(path: path)
        try topology(writer)
        let drillID = try writer.startDrill(scenario: .siteFailure, target: "demo", dryRun: false, by: "alice", at: 0)
        #expect(drillID == "DRILL-0001")
        // Impact at 30 s, detected at 60 s; a two-step plan.
        try writer.apply([
            .incident(Incident(id: "INC-0001", title: "DRILL New York down", severity: .sev1, status: .investigating,
                               commander: nil, serviceID: "core", impactStartedAt: 30 * Self.second,
                               openedAt: 60 * Self.second, siteID: "ny")),
            .plan(FailoverPlan(id: "PLAN-0001", incidentID: "INC-0001", name: "ny → ld", fromSiteID: "ny", toSiteID: "ld",
                               proposedAt: 60 * Self.second, proposedBy: "agent", runbookHash: "h",
                               policy: ApproverPolicy(users: ["alice"])),
                  steps: [step(1, approval: true), step(2, approval: false)]),
        ])
        #expect(try writer.keepIncidents(at: 61 * Self.second).isEmpty)
        #expect(try writer.keepIncidents(at: 62 * Self.second).isEmpty)
        // The promotion step: approved at 100 s (40 s wait), runs 120–150 s; the data at risk then is on the links.
        let decision = StepDecision(planID: "PLAN-0001", stepNumber: 1, decision: .approved, runbookHash: "h")
        #expect(try writer.record(decision, by: OperatorIdentity(name: "alice"), at: 100 * Self.second).isRecorded)
        try writer.apply([
            .replication(ReplicationObservation(linkID: "session:ny>ld", state: .disconnected, observedAt: 140 * Self.second,
                                                primarySeenAt: 40 * Self.second, dataAtRiskSeconds: 3.5, dataAtRiskBytes: 4096)),
            .replication(ReplicationObservation(linkID: "logs:ny>ld", state: .disconnected, observedAt: 140 * Self.second,
                                                primarySeenAt: 40 * Self.second)),
        ])
        try writer.transition(planID: "PLAN-0001", stepNumber: 1, .start, expected: .approved, actor: "agent", at: 120 * Self.second)
        try writer.transition(planID: "PLAN-0001", stepNumber: 1, .succeed, expected: .running, actor: "agent", at: 150 * Self.second)
        try writer.apply([.promoted(siteID: "ld", formerPrimaryID: "ny", evidence: "step 1", at: 150 * Self.second)])
        try writer.apply([.promoted(siteID: "ld", formerPrimaryID: "ny", evidence: "again", at: 170 * Self.second)])
        try writer.transition(planID: "PLAN-0001", stepNumber: 2, .start, expected: .pending, actor: "agent", at: 155 * Self.second)
        #expect(try writer.keepIncidents(at: 156 * Self.second).isEmpty, "a step still runs")
        try writer.transition(planID: "PLAN-0001", stepNumber: 2, .succeed, expected: .running, actor: "agent", at: 200 * Self.second)
        // Monitoring at London went critical at 180 s and came back at 420 s: past its 5-minute RTO.
        try writer.apply([
            .health(HealthCheck(siteID: "ld", serviceID: "mon", state: .critical, latencyMs: nil, errorRate: nil,
                                observedAt: 180 * Self.second)),
            .health(HealthCheck(siteID: "ld", serviceID: "mon", state: .ok, latencyMs: 5, errorRate: 0,
                                observedAt: 420 * Self.second)),
        ])
        let finished = try writer.keepIncidents(at: 210 * Self.second)
        let result = try #require(finished.first)
        #expect(finished.count == 1 && result.id == "DRILL-0001" && result.incidentID == "INC-0001")
        #expect(result.failoverSeconds == 140, "detection at 60 s to the last step's end at 200 s")
        #expect(result.services.map(\.serviceID) == ["core", "mon"])
        #expect(result.services.map(\.recoverySeconds) == [140, 360])
        #expect(result.services.map(\.metRTO) == [true, false])
        #expect(result.dataTypes.map(\.dataType) == ["session", "logs"])
        #expect(result.dataTypes.map(\.dataAtRiskSeconds) == [3.5, nil])
        #expect(result.dataTypes.map(\.metRPO) == [true, false], "an unknown data at risk has not met its RPO")
        #expect(result.dataTypes.map(\.unknownWindowSeconds) == [110, 110], "the primary last seen at 40 s, promoted at 150 s")
        #expect(result.dataTypes.allSatisfy { $0.promotedAt == 150 * Self.second }, "the first promotion counts")
        #expect(result.steps.map(\.durationSeconds) == [30, 45])
        #expect(result.approvals.map(\.operatorName) == ["alice"] && result.approvals.map(\.waitedSeconds) == [40])
        #expect(!result.succeeded && result.rtoMet == 1 && result.rpoMet == 1)
        // Kept: the incident resolved, the history readable, and nothing finished twice.
        let reader = try CacheReader(path: path)
        #expect(try reader.drillResults() == [result])
        #expect(try reader.drillResults(since: 1).isEmpty, "since: drills started on or after")
        #expect(try reader.snapshot(limits: .review).openIncidents.isEmpty)
        #expect(try writer.keepIncidents(at: 300 * Self.second).isEmpty)
        let audit = try writer.auditTrail().first { $0.action == "approve" }
        #expect(audit?.detail.hasPrefix("drill DRILL-0001: ") == true, "a drill's approval is marked drill in the audit")
        #expect(try writer.startDrill(scenario: .siteFailure, target: "demo", dryRun: true, by: "alice", at: 400 * Self.second)
                == "DRILL-0002")
    }

    @Test("escalations at 50 % and 80 % of the RTO budget from the impact's start, each once, on the timeline")
    func rtoEscalations() throws {
        let writer = try CacheWriter(path: path)
        try topology(writer)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: "core", impactStartedAt: 0, openedAt: 60 * Self.second, siteID: "ny"))])
        for at in [449, 450, 451, 719, 720, 900, 1000] { try writer.keepIncidents(at: EpochMillis(at) * Self.second) }
        let timeline = try CacheReader(path: path).snapshot(limits: .review).timeline.items
            .filter { $0.kind == .escalation && $0.text.hasPrefix("RTO budget") }
        #expect(timeline.map(\.at) == [450 * Self.second, 720 * Self.second])
        #expect(timeline.map(\.text) == [
            "RTO budget 50 % spent (7m30s of 15m for Core): escalating to level 2: incident commander and tech lead",
            "RTO budget 80 % spent (12m of 15m for Core): escalating to level 3: the full crisis team",
        ])
    }

    @Test("resolving a real incident stores each service's recovery; a result that cannot be read is named, not skipped")
    func resolveAndBrokenResult() throws {
        let writer = try CacheWriter(path: path)
        try topology(writer)
        // Core at London went critical at 5 s and answered again at 30 s; the incident opened at 10 s.
        try writer.apply([
            .health(HealthCheck(siteID: "ld", serviceID: "core", state: .critical, latencyMs: nil, errorRate: nil, observedAt: 5 * Self.second)),
            .health(HealthCheck(siteID: "ld", serviceID: "core", state: .ok, latencyMs: 5, errorRate: 0, observedAt: 30 * Self.second)),
            .incident(Incident(id: "INC-0001", title: "Core down in London", severity: .sev3, status: .investigating, commander: nil,
                               serviceID: "core", impactStartedAt: 5 * Self.second, openedAt: 10 * Self.second, siteID: "ld")),
        ])
        let alice = OperatorIdentity(name: "alice")
        #expect(try writer.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0001", by: alice, at: 11 * Self.second).isRecorded)
        let open = try #require(try CacheReader(path: path).incidentReview("INC-0001", at: 20 * Self.second))
        #expect(open.services.map(\.recoverySeconds) == [20, 0] && open.durationSeconds == 15, "worked out as things stand")
        #expect(try writer.changeIncident(.status(.resolved), incidentID: "INC-0001", by: alice, at: 40 * Self.second).isRecorded)
        // A later outage does not rewrite what the resolution stored.
        try writer.apply([.health(HealthCheck(siteID: "ld", serviceID: "core", state: .critical, latencyMs: nil, errorRate: nil,
                                              observedAt: 50 * Self.second))])
        let review = try #require(try CacheReader(path: path).incidentReview("INC-0001", at: 60 * Self.second))
        #expect(review.services.map(\.serviceID) == ["core", "mon"], "a site incident affects every service there")
        #expect(review.services.first?.restoredAt == 30 * Self.second && review.services.first?.recoverySeconds == 20)
        #expect(review.durationSeconds == 35, "impact start to resolution")
        let shown = try CacheReader(path: path).snapshot(limits: .review)
        #expect(shown.lastResolvedIncident?.id == "INC-0001" && shown.shownServiceRecoveries == review.services,
                "the console shows the stored recovery of the incident resolved last")
        #expect(try CacheReader(path: path).incidentReview("INC-9", at: 0) == nil)
        _ = try writer.startDrill(scenario: .siteFailure, target: "demo", dryRun: false, by: "alice", at: 0)
        try writer.rawExecuteForTesting("UPDATE drill SET ended_at = 5, result = '{\"id\": 3}'")
        do {
            _ = try CacheReader(path: path).drillResults()
            Issue.record("an unreadable result was skipped")
        } catch {
            #expect("\(error)".hasPrefix("drill DRILL-0001: its stored result cannot be read"))
        }
        let snapshot = try CacheReader(path: path).snapshot(limits: SnapshotLimits(drills: 10))
        #expect(snapshot.drills == [] && snapshot.unreadableDrills == 1, "the console counts what it cannot read")
    }
}

extension DrillRecordTests {
    static let runbook = Runbook(name: "ny → ld", fromSiteID: "ny", toSiteID: "ld", policy: ApproverPolicy(users: ["alice"]), steps: [
        RunbookStep(id: "confirm", title: "Confirm", spec: StepSpec(action: StepAction(argv: ["true"]), drillSafe: true),
                    approvalRequired: false, approvers: 0, changesProduction: false),
        RunbookStep(id: "promote", title: "Promote", spec: StepSpec(action: StepAction(argv: ["promote"])),
                    approvalRequired: true, approvers: 1, changesProduction: true),
    ], contentHash: "sha256:x")

    @Test("a drill against the configuration: an approver starts it, one at a time, never during a real incident there")
    func configuredDrill() throws {
        let writer = try CacheWriter(path: path)
        try topology(writer)
        let newYork = Site(id: "ny", name: "New York", location: "US", role: .primary, capacityPercent: 100, loadPercent: 60)
        let approvers = ApproverPolicy(users: ["alice"])
        func start(as name: String, at: EpochMillis) throws -> ActionOutcome {
            try writer.startDrill(scenario: .siteFailure, dryRun: false, failing: newYork, runbook: Self.runbook, approvers: approvers,
                                  target: "agent test", by: OperatorIdentity(name: name), at: at)
        }
        #expect(try start(as: "mallory", at: 5).message == "mallory may not start drills: only the approvers (users alice) may")
        try writer.apply([.incident(Incident(id: "INC-0004", title: "real", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0, siteID: "ny"))])
        #expect(try start(as: "alice", at: 6).message == "New York has an open incident (INC-0004): no drill during a real one")
        try writer.apply([.incident(Incident(id: "INC-0004", title: "real", severity: .sev1, status: .resolved, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0, resolvedAt: 7, siteID: "ny"))])
        #expect(try start(as: "alice", at: 10)
                == .recorded(message: "started DRILL-0001: INC-0005 and PLAN-0001 (ny → ld); 1 of 2 steps run, the others are reported",
                             stepState: nil))
        #expect(try start(as: "alice", at: 11).message == "DRILL-0001 is still running: let its plan end first")
        let snapshot = try writer.snapshot(limits: .review)
        let incident = try #require(snapshot.openIncidents.first)
        #expect(incident.id == "INC-0005" && incident.title == "DRILL DRILL-0001 · New York site-failure (no real outage)")
        #expect(incident.serviceID == "core", "the clock runs against the most critical service")
        #expect(snapshot.plans.first?.drill == PlanDrill(id: "DRILL-0001", dryRun: false))
        #expect(snapshot.steps.map(\.state) == [.pending, .awaitingApproval])
        let audit = try writer.auditTrail().map { "\($0.actor) \($0.action) \($0.subject)" }
        #expect(audit.contains("alice drill-start DRILL-0001") && audit.filter { $0.hasSuffix("refused site-failure") }.count == 3)
    }
}

extension DrillRecordTests {
    @Test("a drill whose incident is resolved before its plan ends is kept as failed, and the next drill may start")
    func abandonedDrill() throws {
        let writer = try CacheWriter(path: path)
        try topology(writer)
        let newYork = Site(id: "ny", name: "New York", location: "US", role: .primary, capacityPercent: 100, loadPercent: 60)
        let alice = OperatorIdentity(name: "alice")
        func start(at: EpochMillis) throws -> ActionOutcome {
            try writer.startDrill(scenario: .siteFailure, dryRun: true, failing: newYork, runbook: Self.runbook,
                                  approvers: ApproverPolicy(users: ["alice"]), target: "agent test", by: alice, at: at)
        }
        #expect(try start(at: 10).isRecorded)
        #expect(try writer.keepIncidents(at: 20).isEmpty, "its plan waits for an approval")
        #expect(try writer.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0001", by: alice, at: 30).isRecorded)
        #expect(try writer.changeIncident(.status(.resolved), incidentID: "INC-0001", by: alice, at: 40).isRecorded)
        let result = try #require(try writer.keepIncidents(at: 50).first)
        #expect(!result.succeeded && result.failoverSeconds == nil)
        #expect(DrillResultText.summary(result).hasPrefix("Drill DRILL-0001 failed: failover not finished"))
        #expect(try start(at: 60).isRecorded, "an abandoned drill does not block the next")
    }
}
