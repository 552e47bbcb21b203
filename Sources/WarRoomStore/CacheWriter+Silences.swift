import Foundation
import GRDB
import WarRoomModel

/// Silences made (and expired) in Alertmanager at an operator's request, as
/// the cache records them: the alert's state, the audit entry, a line on the
/// open incident's timeline. The silence itself is Alertmanager's; these run
/// once it has answered.
extension CacheWriter {
    /// The alert with this fingerprint, if the cache has it.
    public func alert(fingerprint: String) throws -> Alert? {
        try dbQueue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE fingerprint = ?", arguments: [fingerprint]).map(SnapshotQueries.alert)
        }
    }

    /// Records an operator's action that was refused before anything changed.
    /// Why `doing` may not be done through this cache's agent now, cut off
    /// from its cluster; `nil` alone or with quorum. Asked before a silence is
    /// made in Alertmanager, so nothing is made that this site cannot record.
    public func cutOffRefusal(_ doing: String, verb: String) throws -> ActionRefusal? {
        try dbQueue.read { db in try ClusterRecords.cutOffRefusal(doing, verb: verb, in: db) }
    }

    public func recordRefusal(_ refusal: ActionRefusal, action: String, subject: String, by identity: OperatorIdentity,
                              at now: EpochMillis) throws -> ActionOutcome {
        try durably { db in try Self.refuse(refusal, action: action, subject: subject, by: identity, at: now, in: db) }
    }

    /// Alertmanager made silence `silenceID` for the alert until `until`.
    public func recordSilence(alertFingerprint: String, silenceID: String, until: EpochMillis, reason: String,
                              by identity: OperatorIdentity, at now: EpochMillis) throws -> ActionOutcome {
        try durably { db in
            let alert = try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE fingerprint = ?", arguments: [alertFingerprint])
                .map(SnapshotQueries.alert)
            let ids = (alert?.silenceIDs ?? []).filter { $0 != silenceID } + [silenceID]
            try db.execute(sql: "UPDATE alert SET state = 'silenced', silenced_by = ? WHERE fingerprint = ? AND state != 'resolved'",
                           arguments: [try StoredJSON.encodeValue(ids), alertFingerprint])
            let name = alert?.name ?? alertFingerprint
            let span = Format.seconds(until.seconds(since: now))
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "silence", subject: alertFingerprint,
                                              detail: "\(name): silence \(silenceID) for \(span): \(reason)")
            try Self.onOpenIncident(db, at: now, actor: identity.name,
                                    text: "\(identity.name) silenced \(name) for \(span) in Alertmanager (\(silenceID)): \(reason)")
            return (.recorded(message: "silenced \(name) for \(span) (Alertmanager silence \(silenceID))", stepState: nil), [entry])
        }
    }

    /// Alertmanager expired the silences `silenceIDs` of the alert.
    public func recordSilenceExpired(alertFingerprint: String, silenceIDs: [String], by identity: OperatorIdentity,
                                     at now: EpochMillis) throws -> ActionOutcome {
        try durably { db in
            let name = try String.fetchOne(db, sql: "SELECT name FROM alert WHERE fingerprint = ?", arguments: [alertFingerprint])
                ?? alertFingerprint
            // Firing again until Alertmanager says otherwise at its next poll.
            try db.execute(sql: """
                UPDATE alert SET state = 'firing', silenced_by = '[]' WHERE fingerprint = ? AND state = 'silenced'
                """, arguments: [alertFingerprint])
            let list = silenceIDs.joined(separator: ", ")
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "unsilence", subject: alertFingerprint,
                                              detail: "\(name): expired \(list)")
            try Self.onOpenIncident(db, at: now, actor: identity.name, text: "\(identity.name) expired the silence of \(name) (\(list))")
            return (.recorded(message: "expired the silence of \(name) (\(list))", stepState: nil), [entry])
        }
    }

    /// A line on the newest open incident's timeline, if there is one.
    static func onOpenIncident(_ db: Database, at now: EpochMillis, actor: String, text: String) throws {
        guard let incident = try String.fetchOne(db, sql: "SELECT id FROM incident WHERE status != 'resolved' ORDER BY opened_at DESC LIMIT 1") else {
            return
        }
        try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incident, at: now, kind: .alert, actor: actor, text: text)), in: db)
    }
}
