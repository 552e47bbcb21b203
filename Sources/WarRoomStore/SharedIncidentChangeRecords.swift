import Foundation
import GRDB
import WarRoomModel

/// Changes to incidents a cluster holds (``SharedIncidentChange``) as this
/// cache keeps them: each mirrored once, by its revision, into the incident,
/// its timeline and the audit; kept (`shared_change`) so that a record of
/// the decider's written before it read them is brought up to date again.
enum SharedIncidentChangeRecords {
    /// Mirrors `change` unless this cache has it: a note becomes a timeline
    /// line; a change of status, severity or roles is applied to the
    /// incident (``IncidentLifecycle/applying(_:to:at:)``, a resolution
    /// with its services' recoveries) with a line; a pause or resume of
    /// automatic failover is applied to this cache's automation with a line;
    /// each with an audit entry naming the site that took it and its
    /// revision. A change to an incident this cache does not have yet waits
    /// for the read that brings it.
    static func mirror(_ change: SharedIncidentChange, in db: Database) throws -> [AuditEntry] {
        guard let revision = change.revision,
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM shared_change WHERE revision = ?)", arguments: [revision]) != true
        else { return [] }
        let subject: String
        switch change.kind {
        case .pause, .resume:
            subject = SharedIncidentChange.automation
            try CacheWriter.setPause(CacheWriter.pause(after: change.kind, was: nil), saying: change.words, actor: change.operatorName,
                                     at: change.at, in: db)
        case .note, .change:
            guard let incident = try incident(change.incidentID, in: db) else { return [] }
            subject = incident.id
            if case .change(let incidentChange) = change.kind { try apply(incidentChange, to: incident, at: change.at, in: db) }
            let kind: TimelineKind = if case .note = change.kind { .note } else { .incident }
            try SharedDecisionRecords.addLine(TimelineEvent(incidentID: subject, at: change.at, kind: kind, actor: change.operatorName,
                                                            text: change.words), in: db)
        }
        try db.execute(sql: "INSERT INTO shared_change (revision, incident_id, kind, at) VALUES (?, ?, ?, ?)",
                       arguments: [revision, change.incidentID, try StoredJSON.encodeValue(change.kind), change.at])
        return [try AuditChain.append(db, at: change.at, actor: change.operatorName, action: change.auditAction, subject: subject,
                                      detail: change.words + " · at \(change.siteID) (cluster revision \(revision))")]
    }

    /// The changes of `incidentID` after `revision` applied again, in order,
    /// without lines or audit entries (they were written when first mirrored).
    static func reapply(incidentID: String, after revision: Int64, in db: Database) throws {
        let later = try Row.fetchAll(db, sql: "SELECT kind, at FROM shared_change WHERE incident_id = ? AND revision > ? ORDER BY revision",
                                     arguments: [incidentID, revision])
        for row in later {
            guard case .change(let change)? = try? JSONDecoder().decode(SharedIncidentChange.Kind.self, from: Data((try row.decode(forColumn: "kind") as String).utf8)),
                  let incident = try incident(incidentID, in: db) else { continue }
            try apply(change, to: incident, at: try row.decode(forColumn: "at"), in: db)
        }
    }

    /// The latest change to `incidentID` this cache holds, by revision.
    static func latest(of incidentID: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT max(revision) FROM shared_change WHERE incident_id = ?", arguments: [incidentID])
    }

    /// The revisions of the changes this cache holds, among `revisions`.
    static func held(_ revisions: [Int64], in db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT revision FROM shared_change WHERE revision IN (SELECT value FROM json_each(?))",
                               arguments: [try StoredJSON.encodeValue(revisions)]))
    }

    private static func apply(_ change: IncidentChange, to incident: Incident, at: EpochMillis, in db: Database) throws {
        let changed = IncidentLifecycle.applying(change, to: incident, at: at)
        try AgentEventSQL.apply(.incident(changed), in: db)
        if changed.status == .resolved, incident.status != .resolved {
            try RecoveryRecords.recordServiceRecoveries(of: changed, plan: try RecoveryRecords.latestPlan(of: incident.id, in: db), in: db)
        }
    }

    static func incident(_ id: String, in db: Database) throws -> Incident? {
        try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [id]).map(SnapshotQueries.incident)
    }
}
