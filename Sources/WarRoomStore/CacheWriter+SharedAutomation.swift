import GRDB
import WarRoomModel

/// Pauses and resumes of automatic failover in a cluster: kept among the
/// cluster's changes under ``SharedIncidentChange/automation``, so that a
/// pause at any site holds at the decider, and at whichever site decides next.
extension CacheWriter {
    /// True when a pause or resume must go through the cluster: this cache's agent is in one.
    public func changesAutomationThroughCluster() throws -> Bool {
        try dbQueue.read { db in try Self.inCluster(db) }
    }

    /// Checks a pause or resume (`kind`) by `identity` against automatic
    /// failover as the cluster holds it: this cache's, with the pauses and
    /// resumes in `held` it has not mirrored yet applied (in commit order).
    /// A refusal is audited; an allowed one writes nothing here yet.
    func checkAutomation(_ kind: SharedIncidentChange.Kind, by identity: OperatorIdentity, siteID: String,
                         holding held: [SharedIncidentChange], at now: EpochMillis) throws -> SharedIncidentChangeCheck {
        let subject = SharedIncidentChange.automation
        let (action, doing, verb) = Self.words(for: kind, on: subject)
        var ready: SharedIncidentChangeCheck?
        let outcome = try operatorAction(action, subject: subject, doing: doing, verb: verb, by: identity, at: now) { db in
            guard var automation = try SnapshotQueries.automation(db) else {
                return try Self.refuse(ActionRefusal(Self.noAutomation), action: action, subject: subject, by: identity, at: now, in: db)
            }
            let mirrored = try SharedIncidentChangeRecords.held(held.compactMap(\.revision), in: db)
            for earlier in held where !mirrored.contains(earlier.revision ?? 0) {
                automation.pause = Self.pause(after: earlier.kind, was: automation.pause)
            }
            let approvers = try SnapshotQueries.approverPolicy(db)
            let decided: Result<AutomationChange, ActionRefusal> = switch kind {
            case .pause(let asked): automation.pausing(by: identity, approvers: approvers, reason: asked.reason, until: asked.until, at: now)
            case .resume: automation.resuming(by: identity, approvers: approvers, at: now)
            case .note, .change: .failure(ActionRefusal("not a pause or resume of automatic failover"))
            }
            switch decided {
            case .failure(let refusal):
                return try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db)
            case .success(let change):
                ready = .ready(SharedIncidentChange(incidentID: subject, number: (held.map(\.number).max() ?? 0) + 1,
                                                    kind: change.pause.map { .pause($0) } ?? .resume, operatorName: identity.name,
                                                    siteID: siteID, at: now, auditAction: change.auditAction, words: change.text))
                return (.recorded(message: change.text, stepState: nil), [])
            }
        }
        return ready ?? .refused(outcome)
    }

    static let noAutomation = "this agent runs no automatic failover (it was started without --config)"

    /// The pause in force after `kind`, from `pause` before it.
    static func pause(after kind: SharedIncidentChange.Kind, was pause: AutomationPause?) -> AutomationPause? {
        switch kind {
        case .pause(let paused): paused
        case .resume: nil
        case .note, .change: pause
        }
    }

    /// Sets (or clears) the pause of automatic failover and says so on the
    /// latest open incident's timeline, as `actor`.
    static func setPause(_ pause: AutomationPause?, saying text: String, actor: String, at now: EpochMillis, in db: Database) throws {
        try db.execute(sql: "UPDATE automation SET paused_by = ?, paused_reason = ?, paused_at = ?, paused_until = ? WHERE id = 1",
                       arguments: [pause?.by, pause?.reason, pause?.at, pause?.until])
        if let incident = try String.fetchOne(db, sql: "SELECT id FROM incident WHERE status != 'resolved' ORDER BY opened_at DESC LIMIT 1") {
            try SharedDecisionRecords.addLine(TimelineEvent(incidentID: incident, at: now, kind: .automation, actor: actor, text: text),
                                              in: db)
        }
    }
}
