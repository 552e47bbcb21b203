import WarRoomClock
import WarRoomModel
import WarRoomStore

/// Operator actions carried out in-process against the cache: the demo's
/// in-process agent, or a CLI or console run by a user who may write the
/// cache. The identity comes from the operating system (see
/// ``SystemIdentity``), never from a flag, except the demo's simulated operator.
public final class DirectOperatorActions: OperatorActions, @unchecked Sendable {
    public let identity: OperatorIdentity
    private let writer: CacheWriter
    private let clock: WallClock
    /// Where silences are made; `nil` where no Alertmanager is configured (the demo).
    private let silencer: (any AlertSilencing)?
    /// Where decisions on steps are recorded in a cluster; `nil` for an agent alone.
    private let cluster: (any SharedDecisions)?

    public init(identity: OperatorIdentity, writer: CacheWriter, clock: WallClock = SystemClock(),
                silencer: (any AlertSilencing)? = nil, cluster: (any SharedDecisions)? = nil) {
        self.identity = identity
        self.writer = writer
        self.clock = clock
        self.silencer = silencer
        self.cluster = cluster
    }

    /// Now on the agent's clock (a demo's simulated time, from its latest
    /// heartbeat), so decisions line up with the timeline they join.
    private var now: EpochMillis {
        let wall = clock.now
        return AgentHeartbeat.agentNow((try? writer.heartbeat()) ?? nil, wallNow: wall)
    }

    /// In a cluster through the cluster (``ClusterDecision``); alone, or
    /// without the cluster at hand (the cache then refuses it), in the cache.
    public func decide(_ decision: StepDecision) throws -> ActionOutcome {
        if let cluster, try writer.decidesThroughCluster(planID: decision.planID) {
            return try ClusterDecision(cluster: cluster, writer: writer, identity: identity).decide(decision, at: now)
        }
        return try writer.record(decision, by: identity, at: now)
    }

    public func reportPresence(_ report: ConsoleReport) throws {
        try writer.recordPresence(report, by: identity, at: now)
    }

    public func acknowledge(alertFingerprint: String) throws -> ActionOutcome {
        try writer.acknowledge(alertFingerprint: alertFingerprint, by: identity, at: now)
    }

    public func addNote(incidentID: String, text: String) throws -> ActionOutcome {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let cluster, try writer.changesThroughCluster(incidentID: incidentID) {
            if let problem = CacheWriter.noteProblem(note) { return .refused(ActionRefusal(problem)) }
            return try ClusterDecision(cluster: cluster, writer: writer, identity: identity).change(.note(note), on: incidentID, at: now)
        }
        return try writer.addNote(incidentID: incidentID, text: text, by: identity, at: now)
    }

    public func changeIncident(_ change: IncidentChange, incidentID: String) throws -> ActionOutcome {
        if let cluster, try writer.changesThroughCluster(incidentID: incidentID) {
            return try ClusterDecision(cluster: cluster, writer: writer, identity: identity).change(.change(change), on: incidentID, at: now)
        }
        return try writer.changeIncident(change, incidentID: incidentID, by: identity, at: now)
    }

    public func openIncident(_ declaration: IncidentDeclaration) throws -> ActionOutcome {
        try writer.openIncident(declaration, by: identity, at: now)
    }

    /// Starts a drill against the configured sites (the agent's socket calls it with its own configuration).
    public func startDrill(_ scenario: DrillScenario, dryRun: Bool, failing site: Site, runbook: Runbook,
                           approvers: ApproverPolicy, target: String) throws -> ActionOutcome {
        try writer.startDrill(scenario: scenario, dryRun: dryRun, failing: site, runbook: runbook, approvers: approvers,
                              target: target, by: identity, at: now)
    }

    /// In a cluster through the cluster, so that the decider, and whichever
    /// site decides next, holds the pause.
    public func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome {
        let at = now
        if let cluster, try writer.changesAutomationThroughCluster() {
            let asked = AutomationPause(by: identity.name, reason: reason, at: at, until: until)
            return try ClusterDecision(cluster: cluster, writer: writer, identity: identity)
                .change(.pause(asked), on: SharedIncidentChange.automation, at: at)
        }
        return try writer.pauseAutomation(reason: reason, until: until, by: identity, at: at)
    }

    public func resumeAutomation() throws -> ActionOutcome {
        if let cluster, try writer.changesAutomationThroughCluster() {
            return try ClusterDecision(cluster: cluster, writer: writer, identity: identity)
                .change(.resume, on: SharedIncidentChange.automation, at: now)
        }
        return try writer.resumeAutomation(by: identity, at: now)
    }

    public func silence(alertFingerprint: String, durationSeconds: Double, reason: String) throws -> ActionOutcome {
        let now = self.now
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ why: String) throws -> ActionOutcome {
            try writer.recordRefusal(ActionRefusal(why), action: "silence", subject: alertFingerprint, by: identity, at: now)
        }
        if let cutOff = try writer.cutOffRefusal("a silence", verb: "silence it") { return try refuse(cutOff.reason) }
        if let problem = SilenceRequest.problem(durationSeconds: durationSeconds, reason: reason) { return try refuse(problem) }
        guard let alert = try writer.alert(fingerprint: alertFingerprint) else { return try refuse("no alert \(alertFingerprint)") }
        guard alert.state != .resolved else { return try refuse("\(alert.name) has resolved: there is nothing to silence") }
        guard let silencer else {
            return try refuse("no Alertmanager is configured: silences are made in Alertmanager, through the agent")
        }
        let until = now.adding(seconds: durationSeconds)
        switch silencer.createSilence(for: alert, until: until, createdBy: identity.name, comment: reason) {
        case .failure(let failure): return try refuse(failure.description)
        case .success(let id):
            return try writer.recordSilence(alertFingerprint: alertFingerprint, silenceID: id, until: until, reason: reason,
                                            by: identity, at: now)
        }
    }

    public func expireSilence(alertFingerprint: String) throws -> ActionOutcome {
        let now = self.now
        func refuse(_ why: String) throws -> ActionOutcome {
            try writer.recordRefusal(ActionRefusal(why), action: "unsilence", subject: alertFingerprint, by: identity, at: now)
        }
        if let cutOff = try writer.cutOffRefusal("an unsilence", verb: "unsilence it") { return try refuse(cutOff.reason) }
        guard let alert = try writer.alert(fingerprint: alertFingerprint) else { return try refuse("no alert \(alertFingerprint)") }
        guard !alert.silenceIDs.isEmpty else { return try refuse("\(alert.name) is not silenced in Alertmanager") }
        guard let silencer else {
            return try refuse("no Alertmanager is configured: silences are expired in Alertmanager, through the agent")
        }
        for id in alert.silenceIDs {
            if case .failure(let failure) = silencer.expireSilence(id: id) { return try refuse(failure.description) }
        }
        return try writer.recordSilenceExpired(alertFingerprint: alertFingerprint, silenceIDs: alert.silenceIDs, by: identity, at: now)
    }
}
