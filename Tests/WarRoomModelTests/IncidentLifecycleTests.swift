import Testing
import WarRoomModel

@Suite("Incident lifecycle rules")
struct IncidentLifecycleTests {
    static let approvers = ApproverPolicy(users: ["dr-lead"], groups: ["sre-leads"])
    static func incident(_ severity: IncidentSeverity = .sev1, status: IncidentStatus = .investigating,
                         commander: String? = nil, scribe: String? = nil) -> Incident {
        Incident(id: "INC-0001", title: "New York down", severity: severity, status: status, commander: commander,
                 serviceID: nil, impactStartedAt: 0, openedAt: 0, scribe: scribe)
    }

    func refusal(_ change: IncidentChange, _ incident: Incident, by name: String, groups: [String] = []) -> String? {
        IncidentLifecycle.refusal(change, to: incident, by: OperatorIdentity(name: name, groups: groups), approvers: Self.approvers)
    }

    @Test("a SEV1 or SEV2 moves on only once somebody commands it; a SEV3 needs nobody")
    func commanderRequired() {
        #expect(refusal(.status(.identified), Self.incident(.sev1), by: "alice")
                == "INC-0001 is SEV1 and has no commander: take command first")
        #expect(refusal(.status(.identified), Self.incident(.sev2), by: "alice") != nil)
        #expect(refusal(.status(.identified), Self.incident(.sev3), by: "alice") == nil)
        #expect(refusal(.status(.identified), Self.incident(.sev1, commander: "alice"), by: "alice") == nil)
    }

    @Test("only the commander or an approver changes status and severity")
    func commanderOrApprover() {
        let led = Self.incident(commander: "alice")
        #expect(refusal(.status(.mitigating), led, by: "bob") == "alice commands INC-0001: only they (or an approver) change its status")
        #expect(refusal(.status(.mitigating), led, by: "dr-lead") == nil)
        #expect(refusal(.status(.mitigating), led, by: "carol", groups: ["sre-leads"]) == nil)
        #expect(refusal(.severity(.sev2), led, by: "bob") != nil)
        #expect(refusal(.severity(.sev2), led, by: "alice") == nil)
        #expect(refusal(.severity(.sev1), led, by: "alice") == "INC-0001 is already SEV1")
        #expect(refusal(.status(.investigating), led, by: "alice") == "INC-0001 is already investigating")
    }

    @Test("a free role is taken by whoever asks for themselves; a held one is handed over by its holder, the commander or an approver")
    func roles() {
        let free = Self.incident()
        #expect(refusal(.assign(.commander, name: "alice"), free, by: "alice") == nil, "take command")
        #expect(refusal(.assign(.commander, name: "bob"), free, by: "alice")
                == "INC-0001 has no commander: only its commander or an approver assigns it to someone else")
        #expect(refusal(.assign(.commander, name: "bob"), free, by: "dr-lead") == nil)
        let led = Self.incident(commander: "alice", scribe: "carol")
        #expect(refusal(.assign(.commander, name: "bob"), led, by: "alice") == nil, "hand over")
        #expect(refusal(.assign(.commander, name: "bob"), led, by: "bob")
                == "alice is the commander of INC-0001: only alice or an approver assigns it to someone else")
        #expect(refusal(.assign(.commander, name: "alice"), led, by: "alice") == "alice is already the commander of INC-0001")
        #expect(refusal(.assign(.scribe, name: nil), led, by: "carol") == nil, "a holder may step down")
        #expect(refusal(.assign(.scribe, name: "dave"), led, by: "alice") == nil, "the commander staffs the roles")
        #expect(refusal(.assign(.liaison, name: "dave"), led, by: "dave") == nil)
        #expect(refusal(.assign(.liaison, name: "two words"), led, by: "alice") == "'two words' is not a user name")
        #expect(refusal(.assign(.liaison, name: "eve\u{1B}[2J"), led, by: "alice") != nil, "no escape sequences in a name")
    }

    @Test("a resolved incident changes only by being reopened, as investigating")
    func resolvedAndReopened() {
        let resolved = Self.incident(status: .resolved, commander: "alice")
        #expect(refusal(.status(.monitoring), resolved, by: "alice") == "INC-0001 is resolved: reopen it first")
        #expect(refusal(.assign(.scribe, name: "bob"), resolved, by: "alice") == "INC-0001 is resolved: reopen it first")
        #expect(refusal(.reopen, Self.incident(), by: "alice") == "INC-0001 is not resolved (it is investigating)")
        #expect(refusal(.reopen, resolved, by: "alice") == nil)
        let reopened = IncidentLifecycle.applying(.reopen, to: IncidentLifecycle.applying(.status(.resolved), to: Self.incident(commander: "a"), at: 50), at: 60)
        #expect(reopened.status == .investigating && reopened.resolvedAt == nil)
    }

    @Test("monitoring stamps when it was mitigated, resolving when it was resolved; the timeline says who did what")
    func stamps() {
        var incident = Self.incident(commander: "alice")
        incident = IncidentLifecycle.applying(.status(.monitoring), to: incident, at: 40)
        #expect(incident.mitigatedAt == 40)
        incident = IncidentLifecycle.applying(.status(.mitigating), to: incident, at: 45)
        incident = IncidentLifecycle.applying(.status(.monitoring), to: incident, at: 47)
        #expect(incident.mitigatedAt == 40, "the first time it was mitigated")
        #expect(IncidentLifecycle.words(.status(.resolved), of: incident, by: "alice")
                == "alice set INC-0001 to resolved (was monitoring)")
        #expect(IncidentLifecycle.words(.assign(.commander, name: "bob"), of: incident, by: "bob")
                == "bob took the commander role of INC-0001")
        #expect(IncidentStatus(stored: "open") == .investigating && IncidentStatus(stored: "mitigated") == .monitoring)
        #expect(IncidentStatus(stored: "bogus") == nil)
    }
}
