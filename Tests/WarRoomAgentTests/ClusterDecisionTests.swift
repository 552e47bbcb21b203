import Foundation
import Testing
import WarRoomModel
import WarRoomOperators
import WarRoomStore
import WarRoomTestSupport

/// Decisions on steps in a cluster, taken at any site with quorum: checked
/// against what the cluster holds, created once by number, mirrored back in
/// commit order. The cluster here is an in-memory one with etcd's rules for
/// what these calls use (create if absent, revisions); `ClusterMemberTests`
/// runs the same calls on the lab's etcd.
@Suite("Decisions on steps shared across a cluster's sites")
struct ClusterDecisionTests {
    let dir = TemporaryDirectory()

    /// The decisions of one cluster, as every site's agent reaches them.
    final class Ledger: @unchecked Sendable {
        let lock = NSLock()
        var keys: [String: SharedDecision] = [:]
        var changeKeys: [String: SharedIncidentChange] = [:]
        var revision: Int64 = 100
        var answering = true
        /// Runs once, just before the next create: another site deciding in between.
        var beforeCreate: (() -> Void)?

        func at(_ siteID: String) -> Site { Site(ledger: self, siteID: siteID) }

        struct Site: SharedDecisions {
            let ledger: Ledger
            let siteID: String

            func decisions(planID: String, stepNumber: Int) -> Result<[SharedDecision], ActionRefusal> {
                all().map { $0.decisions.filter { $0.approval.planID == planID && $0.approval.stepNumber == stepNumber } }
            }

            func changes(incidentID: String) -> Result<[SharedIncidentChange], ActionRefusal> {
                all().map { $0.changes.filter { $0.incidentID == incidentID } }
            }

            /// Creates `key` once, as etcd's create-if-absent does, at the next revision.
            func create(_ key: String, _ store: (Int64) -> Void, exists: () -> Bool) -> SharedDecisionWrite {
                let sneak = ledger.lock.withLock { () -> (() -> Void)? in
                    defer { ledger.beforeCreate = nil }
                    return ledger.beforeCreate
                }
                sneak?()
                return ledger.lock.withLock {
                    guard ledger.answering else { return .unconfirmed("no answer within 2s") }
                    guard !exists() else { return .taken }
                    ledger.revision += 1
                    store(ledger.revision)
                    return .recorded(revision: ledger.revision)
                }
            }

            func record(_ decision: SharedDecision) -> SharedDecisionWrite {
                let key = "\(decision.subject)/\(decision.number)"
                return create(key, { revision in
                    var stored = decision
                    stored.approval.revision = revision
                    ledger.keys[key] = stored
                }, exists: { ledger.keys[key] != nil })
            }

            func record(_ change: SharedIncidentChange) -> SharedDecisionWrite {
                let key = "\(change.incidentID)/\(change.number)"
                return create(key, { revision in
                    var stored = change
                    stored.revision = revision
                    ledger.changeKeys[key] = stored
                }, exists: { ledger.changeKeys[key] != nil })
            }

            func all() -> Result<SharedLedger, ActionRefusal> {
                ledger.lock.withLock {
                    guard ledger.answering else { return .failure(ActionRefusal("the cluster did not answer: no answer within 2s")) }
                    return .success(SharedLedger(
                        decisions: ledger.keys.values.sorted { ($0.approval.revision ?? 0) < ($1.approval.revision ?? 0) },
                        changes: ledger.changeKeys.values.sorted { ($0.revision ?? 0) < ($1.revision ?? 0) }))
                }
            }
        }
    }

    static let plan = FailoverPlan(id: "PLAN-0001", incidentID: "INC-0001", name: "New York → London", fromSiteID: "new-york",
                                   toSiteID: "london", proposedAt: 4000, proposedBy: "agent", runbookHash: "sha256:ab",
                                   policy: ApproverPolicy(users: ["alice", "bob", "carol"], groups: []))

    /// A site's cache in the cluster, mirroring New York's incident and plan:
    /// step 1 needs one approver, step 2 two.
    func site(_ id: String) throws -> CacheWriter {
        let writer = try CacheWriter(path: dir.file("\(id).sqlite"))
        let incident = Incident(id: "INC-0001", title: "New York down", severity: .sev1, status: .investigating, commander: nil,
                                serviceID: "web", impactStartedAt: 1000, openedAt: 4000, siteID: "new-york")
        var plan = Self.plan
        plan.keptAt = id == "new-york" ? nil : "new-york"
        let steps = [1, 2].map {
            PlanStep(planID: "PLAN-0001", number: $0, key: "step\($0)", title: "Step \($0)", action: "noop", requiresApproval: true,
                     approversRequired: $0, changesProduction: true, state: .awaitingApproval, updatedAt: 4000, awaitingSince: 4000)
        }
        try writer.apply([.incident(incident), .plan(plan, steps: steps),
                          .cluster(ClusterStatus(cluster: "dr", siteID: id, sites: ["new-york", "london", "singapore"],
                                                 observers: ["new-york", "london", "singapore"], revision: 7, readAt: 1000,
                                                 deciderSiteID: "new-york", rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15)))])
        return writer
    }

    func actions(_ name: String, at writer: CacheWriter, _ site: String, _ ledger: Ledger) -> DirectOperatorActions {
        DirectOperatorActions(identity: OperatorIdentity(name: name, origin: "ssh 10.0.0.\(name.count)"), writer: writer,
                              clock: ManualClock(start: 6000), cluster: ledger.at(site))
    }

    static func approve(_ step: Int) -> StepDecision {
        StepDecision(planID: "PLAN-0001", stepNumber: step, decision: .approved, runbookHash: "sha256:ab")
    }

    func states(_ writer: CacheWriter) throws -> [StepState] { try writer.snapshot().steps.map(\.state) }

    @Test("a two-person step approved once at Singapore and once at London: one change each, the same states and audit order at every site")
    func twoSites() throws {
        let ledger = Ledger()
        let (london, singapore, newYork) = (try site("london"), try site("singapore"), try site("new-york"))
        let first = try actions("alice", at: london, "london", ledger).decide(Self.approve(1))
        #expect(first.isRecorded && first.message == "approved step 1 of PLAN-0001 (in the cluster at revision 101)")
        let half = try actions("bob", at: singapore, "singapore", ledger).decide(Self.approve(2))
        #expect(half.message.hasPrefix("approval 1 of 2 recorded for step 2"))
        // The same operator at another site is not a second approver.
        let again = try actions("bob", at: london, "london", ledger).decide(Self.approve(2))
        #expect(!again.isRecorded && again.message.hasPrefix("bob already approved step 2 at "))
        let second = try actions("carol", at: london, "london", ledger).decide(Self.approve(2))
        #expect(second.isRecorded && second.message == "approved step 2 of PLAN-0001 (in the cluster at revision 103)")
        // Every site mirrors what the cluster holds, as its round does.
        let held = try ledger.at("new-york").all().get()
        for writer in [london, singapore, newYork] { try writer.apply([.sharedDecisions(held)]) }
        for writer in [london, singapore, newYork] {
            #expect(try states(writer) == [.approved, .approved])
            let decisions = try writer.auditTrail().filter { $0.action == "approve" }
                .map { "\($0.actor) \($0.subject) \($0.detail.components(separatedBy: " · ").last ?? "")" }
            #expect(decisions == ["alice PLAN-0001/1 at london (cluster revision 101)", "bob PLAN-0001/2 at singapore (cluster revision 102)",
                                  "carol PLAN-0001/2 at london (cluster revision 103)"], "\(writer.path)")
            #expect(AuditChain.verify(try writer.auditTrail(), anchors: try writer.anchorFile.read() ?? []) == nil)
        }
        #expect(try singapore.snapshot().approvals.filter { $0.stepNumber == 2 }.map { "\($0.operatorName)@\($0.siteID ?? "-")" }
                == ["bob@singapore", "carol@london"])
    }

    @Test("two approvals of one step from two sites at the same moment: one state change, the other told who and when")
    func race() throws {
        let ledger = Ledger()
        let (london, singapore) = (try site("london"), try site("singapore"))
        // Bob at Singapore gets in between Alice's read and her create.
        ledger.beforeCreate = {
            _ = try? self.actions("bob", at: singapore, "singapore", ledger).decide(Self.approve(1))
        }
        let alice = try actions("alice", at: london, "london", ledger).decide(Self.approve(1))
        #expect(!alice.isRecorded)
        #expect(alice.message.hasPrefix("already approved by bob at singapore, "), "\(alice.message)")
        #expect(try ledger.at("london").all().get().decisions.count == 1)
        #expect(try states(singapore) == [.approved, .awaitingApproval])
        // London's round mirrors what the cluster holds.
        try london.apply([.sharedDecisions(try ledger.at("london").all().get())])
        #expect(try states(london) == [.approved, .awaitingApproval])
        #expect(try london.auditTrail().filter { $0.action == "refused" }.map(\.actor) == ["alice"])
    }

    @Test("no answer from the cluster: refused in words, and an unconfirmed create says it may have been recorded")
    func noAnswer() throws {
        let ledger = Ledger()
        let london = try site("london")
        ledger.answering = false
        let refused = try actions("alice", at: london, "london", ledger).decide(Self.approve(1))
        #expect(!refused.isRecorded && refused.message == "the cluster did not answer: no answer within 2s; nothing was recorded")
        ledger.answering = true
        ledger.beforeCreate = { ledger.lock.withLock { ledger.answering = false } }
        let unconfirmed = try actions("alice", at: london, "london", ledger).decide(Self.approve(1))
        #expect(unconfirmed.message.hasPrefix("the cluster did not confirm an approval (no answer within 2s): it may have been recorded all the same"))
        #expect(try states(london) == [.awaitingApproval, .awaitingApproval])
    }

    @Test("a note, taking command and a status change from two sites: recorded in the cluster, mirrored in order everywhere; racing to take command, the second is told who has it")
    func incidentChanges() throws {
        let ledger = Ledger()
        let (london, singapore, newYork) = (try site("london"), try site("singapore"), try site("new-york"))
        let note = try actions("bob", at: singapore, "singapore", ledger).addNote(incidentID: "INC-0001", text: "  on the bridge  ")
        #expect(note.isRecorded && note.message == "note added to INC-0001 (in the cluster at revision 101)")
        // Alice at London and Bob at Singapore take command at the same moment: Bob gets in first.
        ledger.beforeCreate = {
            _ = try? self.actions("bob", at: singapore, "singapore", ledger).changeIncident(.assign(.commander, name: "bob"),
                                                                                             incidentID: "INC-0001")
        }
        let alice = try actions("alice", at: london, "london", ledger).changeIncident(.assign(.commander, name: "alice"),
                                                                                       incidentID: "INC-0001")
        #expect(!alice.isRecorded && alice.message.hasPrefix("bob is the commander of INC-0001"), "\(alice.message)")
        let status = try actions("bob", at: london, "london", ledger).changeIncident(.status(.identified), incidentID: "INC-0001")
        #expect(status.isRecorded && status.message == "bob set INC-0001 to identified (was investigating) (in the cluster at revision 103)")
        let held = try ledger.at("new-york").all().get()
        for writer in [london, singapore, newYork] { try writer.apply([.sharedDecisions(held)]) }
        for writer in [london, singapore, newYork] {
            let incident = try #require(try writer.snapshot().openIncidents.first)
            #expect(incident.commander == "bob" && incident.status == .identified, "\(writer.path)")
            let audit = try writer.auditTrail().filter { $0.action != "refused" }.map { "\($0.action) \($0.detail)" }
            #expect(audit == ["note on the bridge · at singapore (cluster revision 101)",
                              "incident-commander bob took the commander role of INC-0001 · at singapore (cluster revision 102)",
                              "incident-status bob set INC-0001 to identified (was investigating) · at london (cluster revision 103)"],
                    "\(writer.path)")
            #expect(try writer.snapshot(limits: .review).timeline.items.filter { $0.text == "on the bridge" }.count == 1)
        }
        // New York's record, written before it read the status change, comes to London: the change is applied again.
        var older = try newYork.incidentsToShare(also: [], keptAt: "new-york")
        older[0].incident.status = .investigating
        older[0].changesThrough = 102
        try london.apply([.sharedIncidents(older, siteID: "london")])
        #expect(try london.snapshot().openIncidents.first?.status == .identified)
        // A direct write to a cluster's cache is refused: it would land in one site's cache alone.
        let direct = try london.addNote(incidentID: "INC-0001", text: "x", by: OperatorIdentity(name: "alice"), at: 7000)
        #expect(!direct.isRecorded && direct.message.hasPrefix("in a cluster a note is recorded in the cluster, through this site's agent"))
    }

    @Test("a pause of automatic failover at London holds at the decider and everywhere; a resume at Singapore ends it; a direct one is refused")
    func pauseAnywhere() throws {
        let ledger = Ledger()
        let (london, singapore, newYork) = (try site("london"), try site("singapore"), try site("new-york"))
        for writer in [london, singapore, newYork] {
            try writer.apply([.automation(approvers: Self.plan.policy, antiFlapSeconds: 600)])
        }
        let paused = try actions("alice", at: london, "london", ledger).pauseAutomation(reason: "storage vendor on site", until: nil)
        #expect(paused.isRecorded, "\(paused.message)")
        #expect(paused.message == "alice paused automatic failover until resumed: storage vendor on site. Plans wait for approval. (in the cluster at revision 101)")
        #expect(try london.snapshot().automation?.pause?.by == "alice", "London has it at once")
        // Singapore has not mirrored the pause yet: resuming is checked against what the cluster holds.
        let notYet = try actions("carol", at: newYork, "new-york", ledger).resumeAutomation()
        #expect(notYet.isRecorded, "\(notYet.message)")
        let again = try actions("bob", at: singapore, "singapore", ledger).resumeAutomation()
        #expect(!again.isRecorded && again.message.hasPrefix("automatic failover is not paused"), "\(again.message)")
        let held = try ledger.at("new-york").all().get()
        for writer in [london, singapore, newYork] { try writer.apply([.sharedDecisions(held)]) }
        for writer in [london, singapore, newYork] {
            #expect(try writer.snapshot().automation?.status(at: 7000) == .armed, "\(writer.path)")
            let audit = try writer.auditTrail().filter { $0.subject == "automation" && $0.action != "refused" }
                .map { "\($0.actor) \($0.action) \($0.detail.components(separatedBy: " · ").last ?? "")" }
            #expect(audit == ["alice pause at london (cluster revision 101)", "carol resume at new-york (cluster revision 102)"],
                    "\(writer.path)")
            #expect(AuditChain.verify(try writer.auditTrail(), anchors: try writer.anchorFile.read() ?? []) == nil)
        }
        // Paused again and mirrored: the decider's automation, which runs the plans, is paused.
        _ = try actions("bob", at: singapore, "singapore", ledger).pauseAutomation(reason: "bridge call", until: nil)
        try newYork.apply([.sharedDecisions(try ledger.at("new-york").all().get())])
        guard case .paused(let pause)? = try newYork.snapshot().automation?.status(at: 8000) else {
            Issue.record("the decider's automation is not paused")
            return
        }
        #expect(pause.by == "bob" && pause.reason == "bridge call")
        let direct = try london.pauseAutomation(reason: "x", until: nil, by: OperatorIdentity(name: "alice"), at: 9000)
        #expect(!direct.isRecorded && direct.message.hasPrefix("in a cluster a pause of automatic failover is recorded in the cluster"),
                "\(direct.message)")
    }
}
