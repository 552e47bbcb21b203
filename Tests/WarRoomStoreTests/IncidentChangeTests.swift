import Foundation
import Testing
import WarRoomModel
import WarRoomTestSupport
import WarRoomStore

@Suite("Incident changes recorded in the cache")
struct IncidentChangeTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }

    @Test("take command, move on, resolve, reopen: each on the timeline and in the audit; a refusal is audited and changes nothing")
    func lifecycle() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "New York down", severity: .sev1, status: .investigating,
                                             commander: nil, serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        let alice = OperatorIdentity(name: "alice"), bob = OperatorIdentity(name: "bob")
        func refusal(_ outcome: ActionOutcome) -> String? {
            if case .refused(let refusal) = outcome { return refusal.reason }
            return nil
        }
        #expect(refusal(try writer.changeIncident(.status(.identified), incidentID: "INC-0001", by: alice, at: 10))
                == "INC-0001 is SEV1 and has no commander: take command first")
        #expect(try writer.changeIncident(.assign(.commander, name: "alice"), incidentID: "INC-0001", by: alice, at: 11).isRecorded)
        #expect(refusal(try writer.changeIncident(.status(.identified), incidentID: "INC-0001", by: bob, at: 12))
                == "alice commands INC-0001: only they (or an approver) change its status")
        #expect(try writer.changeIncident(.assign(.scribe, name: "bob"), incidentID: "INC-0001", by: alice, at: 13).isRecorded)
        for (status, at) in [(IncidentStatus.identified, 20), (.mitigating, 30), (.monitoring, 40), (.resolved, 50)] {
            #expect(try writer.changeIncident(.status(status), incidentID: "INC-0001", by: alice, at: EpochMillis(at)).isRecorded)
        }
        var snapshot = try CacheReader(path: path).snapshot(limits: .review)
        #expect(snapshot.openIncidents.isEmpty, "a resolved incident is not open")
        #expect(refusal(try writer.changeIncident(.status(.monitoring), incidentID: "INC-0001", by: alice, at: 55))
                == "INC-0001 is resolved: reopen it first")
        #expect(try writer.changeIncident(.reopen, incidentID: "INC-0001", by: alice, at: 60).isRecorded)
        snapshot = try CacheReader(path: path).snapshot(limits: .review)
        let incident = try #require(snapshot.openIncidents.first)
        #expect(incident.status == .investigating && incident.commander == "alice" && incident.scribe == "bob")
        #expect(incident.mitigatedAt == 40 && incident.resolvedAt == nil)
        #expect(snapshot.timeline.items.map(\.text) == [
            "alice took the commander role of INC-0001", "alice made bob the scribe of INC-0001",
            "alice set INC-0001 to identified (was investigating)", "alice set INC-0001 to mitigating (was identified)",
            "alice set INC-0001 to monitoring (was mitigating)", "alice set INC-0001 to resolved (was monitoring)",
            "alice reopened INC-0001",
        ])
        let audit = try writer.auditTrail().map { "\($0.actor) \($0.action)" }
        #expect(audit.filter { $0 == "alice refused" || $0 == "bob refused" }.count == 3)
        #expect(audit.contains("alice incident-commander") && audit.contains("alice incident-reopen"))
        #expect(refusal(try writer.changeIncident(.reopen, incidentID: "INC-9", by: alice, at: 70)) == "no incident INC-9")
    }
}

extension IncidentChangeTests {
    @Test("nobody in command 5 minutes after an incident opened, detected or declared: one escalation, dated then; none once somebody took command, nor for one kept at another site")
    func escalationWithoutCommander() throws {
        let writer = try CacheWriter(path: path)
        func incident(_ id: String, keptAt: String? = nil) -> AgentEvent {
            var incident = Incident(id: id, title: id, severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                                    impactStartedAt: 0, openedAt: 0)
            incident.keptAt = keptAt
            return .incident(incident)
        }
        // Opened by the agent on detection; one mirrored from London's decider.
        try writer.apply([incident("INC-0001"), incident("INC-0002", keptAt: "london")])
        // Declared by operators while the agent runs: alice leaves command open, bob takes it.
        let declare = { (title: String, name: String, command: Bool) throws -> String in
            let outcome = try writer.openIncident(IncidentDeclaration(title: title, severity: .sev2, takesCommand: command),
                                                  by: OperatorIdentity(name: name), at: 60_000)
            #expect(outcome.isRecorded, "\(outcome.message)")
            return try #require(try writer.snapshot().openIncidents.first { $0.title == title }?.id)
        }
        let (slow, dns) = (try declare("payments slow", "alice", false), try declare("DNS", "bob", true))
        let reader = try CacheReader(path: path)
        func escalated() throws -> [String] {
            try ["INC-0001", "INC-0002", slow, dns].flatMap { try reader.incidentReview($0, at: 0)?.timeline ?? [] }
                .filter { $0.kind == .escalation }.map { "\($0.incidentID) \($0.at) \($0.text)" }
        }
        try writer.keepIncidents(at: 299_999)
        #expect(try escalated().isEmpty, "not before its time")
        for at in [300_000, 301_000, 359_999] as [EpochMillis] { try writer.keepIncidents(at: at) }
        #expect(try escalated() == ["INC-0001 300000 \(CommanderEscalation.text)"])
        for at in [360_000, 400_000] as [EpochMillis] { try writer.keepIncidents(at: at) }
        #expect(try escalated() == ["INC-0001 300000 \(CommanderEscalation.text)", "\(slow) 360000 \(CommanderEscalation.text)"],
                "once each, the declared one too; none for the one bob commands or the one kept at London")
        #expect(CommanderEscalation.text == "No incident commander after 5m: escalating to the DR lead and VP Engineering")
    }

    @Test("somebody takes command before the 5 minutes are up: no escalation")
    func commandTakenInTime() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        _ = try writer.changeIncident(.assign(.commander, name: "carol"), incidentID: "INC-0001", by: OperatorIdentity(name: "carol"),
                                      at: 299_000)
        try writer.keepIncidents(at: 600_000)
        let timeline = try CacheReader(path: path).incidentReview("INC-0001", at: 0)?.timeline ?? []
        #expect(!timeline.contains { $0.kind == .escalation })
    }
}

extension IncidentChangeTests {
    @Test("alerts from any source fire and resolve on the timelines of the open incidents they concern, once each")
    func alertsOnTimeline() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "New York down", severity: .sev1, status: .investigating,
                                             commander: nil, serviceID: nil, impactStartedAt: 0, openedAt: 0, siteID: "ny"))])
        func alert(_ name: String, site: String?, _ state: AlertState, at: EpochMillis) -> Alert {
            Alert(fingerprint: name, name: name, severity: .critical, state: state, siteID: site, serviceID: nil,
                  summary: "\(name) summary", startsAt: at, endsAt: state == .resolved ? at + 5 : nil)
        }
        try writer.apply([.alert(alert("SiteDown", site: "ny", .firing, at: 10)),
                          .alert(alert("GlobalErrors", site: nil, .firing, at: 11)),
                          .alert(alert("LondonDisk", site: "ld", .firing, at: 12))])
        try writer.apply([.alert(alert("SiteDown", site: "ny", .firing, at: 10)),
                          .alert(alert("SiteDown", site: "ny", .acknowledged, at: 10))])
        try writer.apply([.alert(alert("GlobalErrors", site: nil, .resolved, at: 20))])
        // Alertmanager no longer holding an alert resolves it, and says so.
        try writer.apply([.alertsPresent(fingerprints: ["GlobalErrors", "LondonDisk"], at: 30)])
        try writer.apply([.alert(alert("GlobalErrors", site: nil, .firing, at: 40))])
        let texts = try CacheReader(path: path).snapshot(limits: .review).timeline.items.filter { $0.kind == .alert }
            .map { "\($0.at) \($0.text)" }
        #expect(texts == ["10 SiteDown fired: SiteDown summary", "11 GlobalErrors fired: GlobalErrors summary",
                          "25 GlobalErrors resolved: GlobalErrors summary", "30 SiteDown resolved: SiteDown summary",
                          "40 GlobalErrors fired: GlobalErrors summary"])
    }
}

extension IncidentChangeTests {
    @Test("no escalation for want of a commander once the incident is resolved")
    func noEscalationAfterResolve() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev3, status: .resolved, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0, resolvedAt: 100))])
        try writer.keepIncidents(at: 600_000)
        let snapshot = try CacheReader(path: path).snapshot(limits: .review)
        #expect(snapshot.lastResolvedIncident?.escalatedAt == nil)
        #expect(snapshot.timeline.items.isEmpty)
    }
}

extension IncidentChangeTests {
    @Test("an operator declares an incident: numbered from the counter the agent shares, on the timeline, audited; bad ones refused")
    func declare() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: [Site(id: "ny", name: "New York", location: "US", role: .primary, capacityPercent: 100,
                                                 loadPercent: 50)],
                                    services: [Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5)],
                                    links: []),
                          .incident(Incident(id: "INC-0007", title: "older", severity: .sev3, status: .resolved, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        let alice = OperatorIdentity(name: "alice")
        #expect(try writer.reserveIncidentNumber() == 8, "past every incident already in the cache")
        let opened = try writer.openIncident(IncidentDeclaration(title: "  Payments 5xx ", severity: .sev2, siteID: "ny",
                                                                 serviceID: "core", impactStartedAt: 40, takesCommand: true),
                                             by: alice, at: 100)
        #expect(opened == .recorded(message: "opened INC-0009 (SEV2): Payments 5xx; you command it", stepState: nil),
                "the number the agent reserved is never handed out again")
        #expect(try writer.reserveIncidentNumber() == 10)
        let incident = try #require(try CacheReader(path: path).snapshot(limits: .review).openIncidents.first)
        #expect(incident.id == "INC-0009" && incident.commander == "alice" && incident.impactStartedAt == 40
                && incident.openedAt == 100 && incident.siteID == "ny" && incident.serviceID == "core")
        func refusal(_ declaration: IncidentDeclaration) throws -> String? {
            if case .refused(let why) = try writer.openIncident(declaration, by: alice, at: 100) { return why.reason }
            return nil
        }
        #expect(try refusal(IncidentDeclaration(title: " ", severity: .sev1)) == "an incident needs a title saying what is wrong")
        #expect(try refusal(IncidentDeclaration(title: "x", severity: .sev1, siteID: "mars"))
                == "no site 'mars' in this cache; known: ny")
        #expect(try refusal(IncidentDeclaration(title: "x", severity: .sev1, serviceID: "db"))
                == "no service 'db' in this cache; known: core")
        #expect(try refusal(IncidentDeclaration(title: String(repeating: "a", count: 201), severity: .sev1))
                == "the title is 201 characters; at most 200")
        #expect(try refusal(IncidentDeclaration(title: "x", severity: .sev1, impactStartedAt: 101)) == "the impact cannot start after now")
        let audit = try writer.auditTrail().map { "\($0.actor) \($0.action) \($0.subject)" }
        #expect(audit.contains("alice incident-open INC-0009") && audit.filter { $0 == "alice refused incident" }.count == 5)
    }
}
