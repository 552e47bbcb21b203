import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes

@Suite("Runbook files")
struct RunbookFileTests {
    static let valid = """
        name: Site failover New York → London
        from: new-york
        to: london
        approvers:
          users: [alice, bob]
          groups: [sre-oncall]
        prevent_self_approval: true
        approval_timeout: 15m
        steps:
          - id: confirm-failure
            title: Confirm failure
            builtin: probe-site
          - id: promote-london
            title: Promote London data stores
            command: [/usr/local/bin/promote, --site, london]
            env: { PGHOST: london-db }
            working_directory: /srv/dr
            timeout: 2m
            approval: required
            approvers: 2
            rollback: { command: [/usr/local/bin/demote, --site, london], timeout: 60 }
            preflight:
              target_healthy: true
              target_capacity: true
              replication_within_rpo: [session-state, registry]
        """

    @Test("a valid runbook becomes a plan: approval steps wait, the rest are pending")
    func valid() throws {
        let runbook = try RunbookFile.parse(Self.valid, file: "failover.yaml")
        #expect(runbook.policy == ApproverPolicy(users: ["alice", "bob"], groups: ["sre-oncall"], preventSelfApproval: true,
                                                 approvalTimeoutSeconds: 900))
        #expect(runbook.contentHash.hasPrefix("sha256:") && runbook.contentHash.count == 71)
        let promote = runbook.steps[1]
        #expect(promote.spec.action.argv == ["/usr/local/bin/promote", "--site", "london"])
        #expect(promote.spec.action.timeoutSeconds == 120)
        #expect(promote.spec.action.environment == ["PGHOST": "london-db"])
        #expect(promote.spec.rollback?.timeoutSeconds == 60)
        #expect(promote.spec.preflight.replicationWithinRPO == ["session-state", "registry"])
        #expect(promote.changesProduction)
        let (plan, steps) = runbook.plan(id: "PLAN-0009", incidentID: nil, proposedBy: "carol", at: 1000)
        #expect(plan.runbookHash == runbook.contentHash)
        #expect(steps.map(\.state) == [.pending, .awaitingApproval])
        #expect(steps[1].approversRequired == 2)
        #expect(steps[1].awaitingSince == 1000)
        #expect(steps[1].action == "/usr/local/bin/promote --site london")
    }

    @Test("drill: safe marks the steps a drill against a configuration runs; a drill's plan reports every other step")
    func drillSafe() throws {
        let text = Self.valid.replacingOccurrences(of: "    builtin: probe-site\n", with: "    builtin: probe-site\n    drill: safe\n")
        let runbook = try RunbookFile.parse(text, file: "failover.yaml")
        #expect(runbook.steps.map(\.spec.drillSafe) == [true, nil])
        var (plan, steps) = runbook.plan(id: "PLAN-0001", incidentID: "INC-0001", proposedBy: "alice", at: 0)
        #expect(steps.map(plan.reportsOnly) == [false, false], "a plan of no drill runs everything")
        plan.drill = PlanDrill(id: "DRILL-0001", dryRun: false)
        #expect(steps.map(plan.reportsOnly) == [false, true], "a drill runs only what is marked safe")
        plan.drill = PlanDrill(id: "DRILL-0001", dryRun: true)
        #expect(steps.map(plan.reportsOnly) == [true, true], "a dry run runs nothing")
    }

    @Test("the hash changes with any change to the text")
    func hash() throws {
        let a = try RunbookFile.parse(Self.valid, file: "a")
        let b = try RunbookFile.parse(Self.valid.replacingOccurrences(of: "approvers: 2", with: "approvers: 1"), file: "a")
        #expect(a.contentHash != b.contentHash)
    }

    @Test("mistakes are refused whole, naming file, line and field", arguments: [
        ("approvers: 2", "approvers: 9", "failover.yaml:20: steps[2].approvers: must be 1 to 5"),
        ("    approval: required\n", "    approval: maybe\n", "failover.yaml:19: steps[2].approval: must be `required` or `none`"),
        ("    approvers: 2\n", "    aprovers: 2\n", "failover.yaml:20: steps[2].aprovers: unknown field"),
        ("name: Site failover New York → London\n", "", "failover.yaml:1: name: is required"),
        ("to: london", "to: new-york", "failover.yaml:3: to: the target site must differ"),
        ("    builtin: probe-site\n", "", "failover.yaml:10: steps[1].command: a step needs `command:"),
        ("timeout: 2m", "timeout: soon", "failover.yaml:18: steps[2].timeout: must be a positive duration"),
        ("  - id: promote-london", "  - id: confirm-failure", "failover.yaml:13: steps[2].id: 'confirm-failure' is used by an earlier step"),
        ("  users: [alice, bob]\n  groups: [sre-oncall]\n", "  users: []\n", "failover.yaml:4: approvers: steps need approval but no users"),
        ("target_healthy: true", "target_healthy: yes please", "failover.yaml:23: steps[2].preflight.target_healthy: must be true or false"),
        ("approval_timeout: 15m", "approval_timeout: [15m", "failover.yaml:"),
        ("    builtin: probe-site\n", "    builtin: probe-site\n    drill: yes\n",
         "failover.yaml:13: steps[1].drill: must be `safe` (a drill runs the step) or left out"),
    ])
    func refused(find: String, replace: String, message: String) {
        let text = Self.valid.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.valid, "the case must change the text")
        do {
            _ = try RunbookFile.parse(text, file: "failover.yaml")
            Issue.record("accepted a runbook with: \(replace)")
        } catch {
            #expect(error.description.hasPrefix(message), "got: \(error.description)")
        }
    }
}

@Suite("The demo's built-in runbooks")
struct DemoRunbookTests {
    @Test("each demo scenario's runbook parses: a failover, a failback, a restore in place")
    func everyScenarioHasItsRunbook() throws {
        let topology = DemoTopology.example
        let sites = Dictionary(uniqueKeysWithValues: topology.sites.map { ($0.id, $0) })
        let (newYork, london) = (try #require(sites["new-york"]), try #require(sites["london"]))
        _ = try RunbookFile.parse(DemoRunbook.text(from: newYork, to: london, approvers: ["alice"]), file: "failover")
        let failback = try RunbookFile.parse(DemoRunbook.failbackText(from: london, to: newYork, approvers: ["alice"]),
                                             file: "failback")
        #expect(failback.fromSiteID == "london" && failback.toSiteID == "new-york")
        let restore = try RunbookFile.parse(DemoRunbook.restoreText(at: newYork, dataType: "registry", approvers: ["alice"]),
                                            file: "restore")
        #expect(restore.fromSiteID == "new-york" && restore.toSiteID == "new-york")
        for scenario in Scenario.all {
            #expect(DemoRunbook.runbook(for: scenario, topology: topology, approvers: ["alice"]) != nil, "\(scenario.name)")
        }
    }

    @Test("a restore names one site; a failover two different ones", arguments: [
        ("kind: restore\nsite: ny\nfrom: ny\n", "from"),
        ("kind: restore\n", "site"),
        ("from: ny\nto: ld\nsite: ny\n", "site"),
        ("kind: swap\nfrom: ny\nto: ld\n", "kind"),
        ("from: ny\nto: ny\n", "to"),
    ])
    func restoreSites(head: String, field: String) {
        let text = "name: r\n" + head + "steps:\n  - { id: a, title: A, builtin: notify }\n"
        #expect(throws: RunbookError.self) { try RunbookFile.parse(text, file: "r.yaml") }
        do {
            _ = try RunbookFile.parse(text, file: "r.yaml")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }
}
