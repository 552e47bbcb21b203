import Foundation
import Testing
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

/// Incidents a cluster's decider records and every other agent mirrors:
/// the same incident, number and plan on every cache, acted on only where kept.
@Suite("Incidents shared across a cluster's caches")
struct SharedIncidentTests {
    let dir = TemporaryDirectory()

    static let incident = Incident(id: "INC-0003", title: "New York primary site down", severity: .sev1, status: .investigating,
                                   commander: nil, serviceID: "web", impactStartedAt: 1000, openedAt: 4000, siteID: "new-york")
    static let plan = FailoverPlan(id: "PLAN-0002", incidentID: "INC-0003", name: "New York → London", fromSiteID: "new-york",
                                   toSiteID: "london", proposedAt: 4000, proposedBy: "agent", runbookHash: "sha256:ab",
                                   policy: ApproverPolicy(users: ["alice"], groups: []))
    static func steps(_ first: StepState, _ second: StepState) -> [PlanStep] {
        [PlanStep(planID: "PLAN-0002", number: 1, key: "fence", title: "Fence New York", action: "fence", requiresApproval: true,
                  approversRequired: 1, changesProduction: true, state: first, updatedAt: 4000, processGroup: 4242),
         PlanStep(planID: "PLAN-0002", number: 2, key: "promote", title: "Promote London", action: "promote",
                  requiresApproval: true, approversRequired: 1, changesProduction: true, state: second, updatedAt: 4000)]
    }

    /// New York's decider cache holding the incident, its plan and three timeline lines.
    func decider() throws -> CacheWriter {
        let writer = try CacheWriter(path: dir.file("new-york.sqlite"))
        try writer.apply([.incident(Self.incident), .plan(Self.plan, steps: Self.steps(.running, .awaitingApproval))]
                         + ["Web at New York failing", "Incident opened (SEV1)", "Failover plan PLAN-0002 proposed"].enumerated().map {
                             .timeline(TimelineEvent(incidentID: "INC-0003", at: 4000 + EpochMillis($0.offset), kind: .detection,
                                                     actor: "agent", text: $0.element))
                         })
        return writer
    }

    @Test("mirrored: the same number, plan, step states and timeline, once however often it is read; kept at the decider")
    func mirrored() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        #expect(records.map(\.incident.id) == ["INC-0003"])
        #expect(records.first?.plans.first?.steps.first?.processGroup == nil, "a process group means nothing on another machine")
        // Through the store's bytes, as another agent reads them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let read = try JSONDecoder().decode([SharedIncident].self, from: encoder.encode(records))
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.sharedIncidents(read, siteID: "london")])
        try london.apply([.sharedIncidents(read, siteID: "london")])
        let snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        let incident = try #require(snapshot.openIncidents.first)
        #expect(incident.id == "INC-0003" && incident.keptAt == "new-york" && incident.title == Self.incident.title)
        #expect(snapshot.plans.map(\.id) == ["PLAN-0002"] && snapshot.plans.first?.keptAt == "new-york")
        #expect(snapshot.steps.map(\.state) == [.running, .awaitingApproval])
        #expect(snapshot.timeline.items.map(\.text) == ["Web at New York failing", "Incident opened (SEV1)",
                                                        "Failover plan PLAN-0002 proposed"])
        // A plan kept elsewhere never moves here: nothing for this site's executor.
        #expect(try !london.hasStepsInFlight())
        // This site numbers on past the mirrored records.
        #expect(try london.reserveIncidentNumber() == 4)
        #expect(try london.incidentsToShare(also: [], keptAt: "london").isEmpty, "a mirror is not this site's to record")
    }

    /// A decision on step 2 of the shared plan as the cluster holds it, committed at `revision`.
    static func decision(by name: String, at site: String, revision: Int64, decidedAt: EpochMillis = 5000,
                         _ verdict: ApprovalDecision = .approved) -> SharedDecision {
        SharedDecision(approval: Approval(planID: "PLAN-0002", stepNumber: 2, operatorName: name, origin: "ssh 203.0.113.7",
                                          decision: verdict, comment: verdict == .approved ? "go" : "not yet", decidedAt: decidedAt,
                                          preflightFacts: "{}", runbookHash: "sha256:ab", overrode: false, siteID: site,
                                          revision: revision),
                       number: Int(revision), actor: name, auditDetail: "Promote London · facts {} · runbook sha256:ab",
                       timelineText: "\(name) \(verdict.rawValue) step 2 (Promote London): 1 of 1")
    }

    @Test("who approved travels through the cluster's decisions: mirrored once with its audit entry, however often it is read, and an older record does not undo it")
    func approvalsMirrored() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.sharedIncidents(records, siteID: "london")])
        let decision = Self.decision(by: "alice", at: "singapore", revision: 41)
        try london.apply([.sharedDecisions(SharedLedger(decisions: [decision]))])
        try london.apply([.sharedDecisions(SharedLedger(decisions: [decision]))])
        var snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        #expect(snapshot.steps.map(\.state) == [.running, .approved])
        #expect(snapshot.approvals.map { "\($0.operatorName) \($0.decision.rawValue) \($0.stepNumber) \($0.siteID ?? "-") \($0.revision ?? 0)" }
                == ["alice approved 2 singapore 41"])
        #expect(snapshot.timeline.items.filter { $0.text == "alice approved step 2 (Promote London): 1 of 1" }.count == 1)
        let audit = try london.auditTrail().map { "\($0.action) \($0.subject) \($0.detail)" }
        #expect(audit == ["approve PLAN-0002/2 Promote London · facts {} · runbook sha256:ab · at singapore (cluster revision 41)",
                          "step.state PLAN-0002/2 awaiting_approval → approved"])
        // The decider's record, written before it read the decision, comes again with the step awaiting.
        var older = records
        older[0].timeline.append(TimelineEvent(incidentID: "INC-0003", at: 4500, kind: .note, actor: "bob", text: "watching"))
        try london.apply([.sharedIncidents(older, siteID: "london")])
        snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        #expect(snapshot.steps.map(\.state) == [.running, .approved])
        #expect(try london.auditTrail().count == 2)
        // A record from before approvals were shared reads with none.
        let old = #"{"plan":\#(String(decoding: try JSONEncoder().encode(Self.plan), as: UTF8.self)),"steps":[]}"#
        #expect(try JSONDecoder().decode(SharedPlan.self, from: Data(old.utf8)).approvals.isEmpty)
    }

    @Test("in a cluster a decision, a note or a change to an incident is not recorded in one cache alone: refused in words")
    func actOnlyWhereKept() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.sharedIncidents(records, siteID: "london"),
                          .cluster(ClusterStatus(cluster: "dr", siteID: "london", sites: ["new-york", "london"],
                                                 observers: ["new-york", "london"], revision: 7, readAt: 1000, deciderSiteID: "new-york",
                                                 rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15)))])
        let alice = OperatorIdentity(name: "alice")
        let approval = try london.record(StepDecision(planID: "PLAN-0002", stepNumber: 2, decision: .approved, runbookHash: "sha256:ab"),
                                         by: alice, at: 5000)
        #expect(!approval.isRecorded)
        #expect(approval.message.hasPrefix("in a cluster a decision is recorded in the cluster, through this site's agent"))
        let command = try london.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0003", by: alice, at: 5000)
        #expect(!command.isRecorded && command.message.hasPrefix("in a cluster a change to an incident is recorded in the cluster, through this site's agent"))
        #expect(try !london.addNote(incidentID: "INC-0003", text: "looking", by: alice, at: 5000).isRecorded)
        try expectUnchanged(steps: [.running, .awaitingApproval])
        // Reconfigured without a cluster, the agent works alone again: its cache decides.
        try london.apply([.alone])
        #expect(try CacheReader(path: dir.file("london.sqlite")).snapshot().cluster == nil)
        #expect(try london.record(StepDecision(planID: "PLAN-0002", stepNumber: 2, decision: .approved, runbookHash: "sha256:ab"),
                                  by: alice, at: 5000).isRecorded)
    }

    @Test("taking over: the mirror becomes this site's own; a step that was running where it was kept is unknown, said on the timeline")
    func takeOver() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.topology(sites: [Site(id: "new-york", name: "New York", location: "us-east", role: .primary,
                                                 capacityPercent: 100, loadPercent: 0),
                                            Site(id: "london", name: "London", location: "eu-west", role: .secondary,
                                                 capacityPercent: 100, loadPercent: 0)], services: [], links: []),
                          .sharedIncidents(records, siteID: "london")])
        try london.apply([.tookOverDecisions(siteID: "london", at: 9000)])
        let snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        #expect(snapshot.openIncidents.first?.keptAt == nil && snapshot.plans.first?.keptAt == nil)
        #expect(snapshot.steps.map(\.state) == [.unknown, .awaitingApproval])
        let texts = snapshot.timeline.items.map(\.text)
        #expect(texts.contains("Step 1 (Fence New York) was running at New York's agent when London's agent took over deciding: its outcome is not known here; verify before going on"))
        #expect(texts.contains("London's agent decides now, in place of New York's agent; it goes on from the incident and plan as the cluster held them"))
        // Its own now: recorded by it as the decider, kept at London.
        #expect(try london.incidentsToShare(also: [], keptAt: "london").first?.plans.first?.steps.map(\.state) == [.unknown, .awaitingApproval])
        // A resolved incident is recorded once more only when asked for (it was recorded open).
        _ = try london.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0003", by: OperatorIdentity(name: "alice"), at: 9100)
        for status in [IncidentStatus.identified, .mitigating, .monitoring, .resolved] {
            _ = try london.changeIncident(.status(status), incidentID: "INC-0003", by: OperatorIdentity(name: "alice"), at: 9200)
        }
        #expect(try london.incidentsToShare(also: [], keptAt: "london").isEmpty)
        #expect(try london.incidentsToShare(also: ["INC-0003"], keptAt: "london").first?.incident.status == .resolved)
    }

    @Test("in a cluster only the decider opens incidents of its own: declared elsewhere, or cut off, refused in words")
    func declareOnlyAtTheDecider() throws {
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.topology(sites: [Site(id: "new-york", name: "New York", location: "us-east", role: .primary,
                                                 capacityPercent: 100, loadPercent: 0)], services: [], links: [])])
        let declaration = IncidentDeclaration(title: "Payments slow", severity: .sev2, siteID: "new-york")
        let alice = OperatorIdentity(name: "alice")
        func read(decider: String, cutOffSince: EpochMillis? = nil) throws {
            try london.apply([.cluster(ClusterStatus(cluster: "dr", siteID: "london", sites: ["new-york", "london"],
                                                     observers: ["new-york", "london"], revision: 7, readAt: 1000,
                                                     cutOffSince: cutOffSince, deciderSiteID: decider,
                                                     rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15)))])
        }
        try read(decider: "new-york")
        let elsewhere = try london.openIncident(declaration, by: alice, at: 2000)
        #expect(elsewhere.message.hasPrefix("declare it at the decider: new-york (in a cluster only the decider numbers incidents"))
        try read(decider: "new-york", cutOffSince: 1_795_000_000_000)
        let cut = try london.openIncident(declaration, by: alice, at: 2000).message
        #expect(cut.hasPrefix("this site's agent is cut off from the cluster since 2026-"))
        #expect(cut.hasSuffix(": an incident declared here could not be seen by the others; declare it at a site that has quorum"))
        try read(decider: "london")
        #expect(try london.openIncident(declaration, by: alice, at: 2000).isRecorded)
    }

    @Test("cut off from its cluster, this site's agent refuses every action in words, audited; nothing changes")
    func cutOffRefusesEverything() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.sharedIncidents(records, siteID: "london"), .tookOverDecisions(siteID: "london", at: 5000),
                          .automation(approvers: ApproverPolicy(users: ["alice"], groups: []), antiFlapSeconds: 600),
                          .cluster(ClusterStatus(cluster: "dr", siteID: "london", sites: ["new-york", "london"],
                                                 observers: ["new-york", "london"], revision: 7, readAt: 1000,
                                                 cutOffSince: 1_795_000_000_000, deciderSiteID: "london",
                                                 rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15)))])
        let alice = OperatorIdentity(name: "alice")
        let outcomes = [
            try london.record(StepDecision(planID: "PLAN-0002", stepNumber: 2, decision: .approved, runbookHash: "sha256:ab"), by: alice, at: 6000),
            try london.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0003", by: alice, at: 6000),
            try london.addNote(incidentID: "INC-0003", text: "on it", by: alice, at: 6000),
            try london.pauseAutomation(reason: "drill", until: nil, by: alice, at: 6000),
        ]
        for outcome in outcomes {
            #expect(!outcome.isRecorded)
            #expect(outcome.message.hasPrefix("this site's agent is cut off from the cluster since 2026-"), "\(outcome.message)")
            #expect(outcome.message.contains(" here could not be seen by the others; "))
        }
        #expect(outcomes[0].message.hasSuffix("an approval here could not be seen by the others; approve at a site that has quorum"))
        #expect(try london.auditTrail().filter { $0.action == "refused" }.count == 4)
        try expectUnchanged(steps: [.unknown, .awaitingApproval])
    }

    /// London's cache after refused actions: the steps as given, nobody in command.
    func expectUnchanged(steps: [StepState]) throws {
        let snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        #expect(snapshot.steps.map(\.state) == steps)
        #expect(snapshot.openIncidents.first?.commander == nil)
    }

    @Test("a record gone from the cluster (pruned after its resolution) closes a mirror still open here, saying why; this site's own incidents are not touched")
    func recordGone() throws {
        let records = try decider().incidentsToShare(also: [], keptAt: "new-york")
        let london = try CacheWriter(path: dir.file("london.sqlite"))
        try london.apply([.sharedIncidents(records, siteID: "london"),
                          .incident(Incident(id: "INC-0009", title: "London's own", severity: .sev2, status: .investigating,
                                             commander: nil, serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        try london.apply([.sharedIncidentsGone(["INC-0003", "INC-0009", "INC-0404"], at: 90_000)])
        let snapshot = try CacheReader(path: dir.file("london.sqlite")).snapshot(limits: .review)
        #expect(snapshot.openIncidents.map(\.id) == ["INC-0009"])
        let review = try #require(try CacheReader(path: dir.file("london.sqlite")).incidentReview("INC-0003", at: 90_000))
        #expect(review.incident.status == .resolved && review.incident.resolvedAt == 90_000)
        #expect(review.timeline.last?.text == "The decider's record of INC-0003 is gone from the cluster (new-york's agent prunes a record only after its resolution): closed here as resolved")
    }

    @Test("a record is bounded: the latest lines, texts and output cut with a mark")
    func bounded() {
        let long = String(repeating: "x", count: 5000)
        var steps = Self.steps(.failed, .pending)
        steps[0].output = long + "the end"
        let lines = (0..<300).map { TimelineEvent(incidentID: "INC-0003", at: EpochMillis($0), kind: .output, actor: "agent", text: long) }
        let record = SharedIncident(incident: Self.incident, timeline: lines, plans: [SharedPlan(plan: Self.plan, steps: steps)],
                                    keptAt: "new-york").bounded()
        #expect(record.timeline.count == SharedIncident.timelineLimit && record.timeline.first?.at == 100)
        #expect(record.timeline.allSatisfy { $0.text.count == SharedIncident.textLimit && $0.text.hasSuffix("…") })
        let output = record.plans[0].steps[0].output
        #expect(output.count == SharedIncident.outputLimit && output.hasPrefix("…") && output.hasSuffix("the end"))
    }
}
