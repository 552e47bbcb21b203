import WarRoomModel
import WarRoomProbes

/// The person on call, as the demo plays them, for the scenarios no check
/// detects: a corruption the integrity alert pages about (the site still
/// answers, so the agent never calls it down) and a planned failback. In a
/// real deployment a person declares these; here the script does, at set
/// times, with the words and numbers an operator's declaration would get.
/// Outages are not here: the agent's ``SiteWatch`` detects and declares them.
struct ScriptedOnCall: ObservationSource {
    /// Simulated seconds from the integrity alert's page to the declaration.
    static let readsPageWithinSeconds = 20.0

    private let scenario: Scenario
    private let topology: DemoTopology
    private let runbook: Runbook?
    private let titlePrefix: String
    private let reserveIncidentNumber: @Sendable () -> Int?
    private let reservePlanNumber: @Sendable () -> Int?
    private var declareAt: EpochMillis?
    private let corruptedAt: EpochMillis?

    init(scenario: Scenario, startAt: EpochMillis, topology: DemoTopology, runbook: Runbook?, titlePrefix: String,
         reserveIncidentNumber: @escaping @Sendable () -> Int?, reservePlanNumber: @escaping @Sendable () -> Int?) {
        self.scenario = scenario
        self.topology = topology
        self.runbook = runbook
        self.titlePrefix = titlePrefix
        self.reserveIncidentNumber = reserveIncidentNumber
        self.reservePlanNumber = reservePlanNumber
        corruptedAt = scenario.corruption.map { startAt.adding(seconds: $0.afterSeconds) }
        if let corruptedAt {
            declareAt = corruptedAt.adding(seconds: Self.readsPageWithinSeconds)
        } else {
            declareAt = scenario.failbackAfterSeconds.map { startAt.adding(seconds: $0) }
        }
    }

    mutating func observe(until now: EpochMillis) -> [AgentEvent] {
        guard let at = declareAt, at <= now else { return [] }
        declareAt = nil
        if let corruption = scenario.corruption, let corruptedAt {
            return declareCorruption(corruption, since: corruptedAt, at: at)
        }
        return declareFailback(at: at)
    }

    private func declareCorruption(_ corruption: Scenario.Corruption, since: EpochMillis, at now: EpochMillis) -> [AgentEvent] {
        let primary = name(of: DemoTopology.primary)
        let standbys = topology.sites.filter { $0.id != DemoTopology.primary }.map(\.name).joined(separator: " and ")
        let (id, incident) = open(title: "\(corruption.dataType) data corrupted at \(primary), replicated to every standby",
                                  severity: .sev1, status: .investigating, serviceID: corruption.serviceID, siteID: nil,
                                  since: since, at: now)
        return [
            .incident(incident),
            line(id, .detection, "Paged by DataIntegrityCheckFailed: \(corruption.dataType) rows at \(primary) fail their checksums since \(Format.utc(since))", at: now),
            line(id, .detection, "\(standbys) fail the integrity check too: the corruption has replicated, failing over would not help", at: now),
            line(id, .incident, "Incident declared (SEV1) by the on-call; paging the incident commander", at: now),
        ] + propose(incidentID: id, at: now) { plan, steps, awaiting in
            "Restore plan \(plan.id) proposed: \(corruption.dataType) at \(name(of: plan.toSiteID)) from backup to the last clean write (\(steps) steps, \(awaiting) await approval)"
        }
    }

    private func declareFailback(at now: EpochMillis) -> [AgentEvent] {
        let (from, to) = (name(of: DemoTopology.hotStandby), name(of: DemoTopology.primary))
        let (id, incident) = open(title: "Planned failback \(from) → \(to)", severity: .sev3, status: .identified,
                                  serviceID: "core-mcp", siteID: DemoTopology.hotStandby, since: now, at: now)
        return [
            .incident(incident),
            line(id, .incident, "Failback declared by the on-call: \(to) is healthy and its standbys are caught up; returning the primary role to it", at: now),
        ] + propose(incidentID: id, at: now) { plan, steps, awaiting in
            "Failback plan \(plan.id) proposed: \(name(of: plan.fromSiteID)) → \(name(of: plan.toSiteID)) (\(steps) steps, \(awaiting) await approval)"
        }
    }

    private func open(title: String, severity: IncidentSeverity, status: IncidentStatus, serviceID: String, siteID: String?,
                      since: EpochMillis, at now: EpochMillis) -> (String, Incident) {
        let id = "INC-" + Format.pad(reserveIncidentNumber() ?? 1, 4)
        return (id, Incident(id: id, title: titlePrefix + title, severity: severity, status: status, commander: nil,
                             serviceID: serviceID, impactStartedAt: since, openedAt: now, siteID: siteID))
    }

    /// The runbook's plan for the incident, every step as the runbook says; `describe` words its timeline line.
    private func propose(incidentID: String, at now: EpochMillis, describe: (FailoverPlan, Int, Int) -> String) -> [AgentEvent] {
        guard let runbook else { return [line(incidentID, .plan, "No runbook for this scenario: nothing proposed", at: now)] }
        let planID = "PLAN-" + Format.pad(reservePlanNumber() ?? 1, 4)
        let (plan, steps) = runbook.plan(id: planID, incidentID: incidentID, proposedBy: Self.actor, at: now)
        let awaiting = steps.filter { $0.state == .awaitingApproval }.count
        return [.plan(plan, steps: steps), line(incidentID, .plan, describe(plan, steps.count, awaiting), at: now)]
    }

    private static let actor = "on-call"

    private func line(_ incidentID: String, _ kind: TimelineKind, _ text: String, at now: EpochMillis) -> AgentEvent {
        .timeline(TimelineEvent(incidentID: incidentID, at: now, kind: kind, actor: Self.actor, text: text))
    }

    private func name(of siteID: String) -> String {
        topology.sites.first { $0.id == siteID }?.name ?? siteID
    }
}
