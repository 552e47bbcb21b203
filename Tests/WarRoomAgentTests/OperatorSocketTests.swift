import Foundation
import Testing
import WarRoomAgent
import WarRoomOperators
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

@Suite("The agent's operator socket")
struct OperatorSocketTests {
    @Test("actions over the socket are recorded as the user the kernel reports, under the same rules")
    func roundTrip() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("cache.sqlite")
        let writer = try CacheWriter(path: path)
        let me = SystemIdentity.current()
        let text = """
            name: Failover
            from: new-york
            to: london
            approvers: { users: [\(me.name)] }
            steps:
              - { id: isolate, title: Isolate, command: [/bin/true], approval: required }
            """
        let runbook = try RunbookFile.parse(text, file: "t.yaml")
        let (plan, steps) = runbook.plan(id: "PLAN-0001", incidentID: "INC-0001", proposedBy: "agent", at: 0)
        try writer.apply([
            .incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                               impactStartedAt: 0, openedAt: 0)),
            .plan(plan, steps: steps),
        ])
        let server = OperatorSocketServer(cachePath: path, writer: writer)
        try server.start()
        defer { server.stop() }
        #expect(FileManager.default.fileExists(atPath: path + ".sock"))
        // What the client claims about itself does not matter: the kernel says who it is.
        let client = try #require(SocketOperatorActions.forCache(path, identity: OperatorIdentity(name: "someone-else")))
        let wrongHash = try client.decide(StepDecision(planID: "PLAN-0001", stepNumber: 1, decision: .approved, runbookHash: "x"))
        #expect(wrongHash.message.contains("changed since it was shown"))
        let outcome = try client.decide(StepDecision(planID: "PLAN-0001", stepNumber: 1, decision: .approved,
                                                     runbookHash: runbook.contentHash))
        #expect(outcome == .recorded(message: "approved step 1 of PLAN-0001", stepState: .approved))
        let approval = try #require(try writer.snapshot().approvals.first)
        #expect(approval.operatorName == me.name)
        #expect(try client.addNote(incidentID: "INC-0001", text: "over the socket").message == "note added to INC-0001")
        #expect(try client.acknowledge(alertFingerprint: "nope").message == "no alert nope")
        // Incident changes travel the same way, recorded as the kernel's user.
        #expect(try client.changeIncident(.status(.identified), incidentID: "INC-0001").message
                == "INC-0001 is SEV1 and has no commander: take command first")
        #expect(try client.changeIncident(.assign(.commander, name: me.name), incidentID: "INC-0001").message
                == "\(me.name) took the commander role of INC-0001")
        #expect(try writer.snapshot().openIncidents.first?.commander == me.name)
        let declared = try client.openIncident(IncidentDeclaration(title: "Payments 5xx", severity: .sev3))
        #expect(declared.message == "opened INC-0002 (SEV3): Payments 5xx", "declared over the socket, numbered by the agent's cache")
        #expect(try writer.auditTrail().last.map { "\($0.actor) \($0.action)" } == "\(me.name) incident-open")
        #expect(AuditChain.verify(try writer.auditTrail(), anchors: try writer.anchorFile.read() ?? []) == nil)
        server.stop()
        #expect(SocketOperatorActions.forCache(path, identity: me) == nil, "a stopped agent's socket is gone")
    }
}
