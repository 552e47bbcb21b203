import GRDB
import WarRoomModel

extension CacheWriter {
    /// Makes `change` to an incident if `identity` may (``IncidentLifecycle``):
    /// the incident updated, a line on its timeline saying who did what, an
    /// audit entry; a refusal is audited and said in words. The approvers are
    /// the configured agent's (automation); a cache with none has none.
    public func changeIncident(_ change: IncidentChange, incidentID: String, by identity: OperatorIdentity,
                               at now: EpochMillis) throws -> ActionOutcome {
        let action = Self.auditAction(change)
        return try durably { db in
            guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [incidentID])
                .map(SnapshotQueries.incident) else {
                return try Self.refuse(DecisionRefusal("no incident \(incidentID)"), action: action, subject: incidentID,
                                       by: identity, at: now, in: db)
            }
            let approvers = try SnapshotQueries.automation(db)?.approvers ?? ApproverPolicy()
            if let refusal = IncidentLifecycle.refusal(change, to: incident, by: identity, approvers: approvers) {
                return try Self.refuse(DecisionRefusal(refusal), action: action, subject: incidentID, by: identity, at: now, in: db)
            }
            let words = IncidentLifecycle.words(change, of: incident, by: identity.name)
            let changed = IncidentLifecycle.applying(change, to: incident, at: now)
            try AgentEventSQL.apply(.incident(changed), in: db)
            if changed.status == .resolved { try RecoveryRecords.recordServiceRecoveries(of: changed, in: db) }
            try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incidentID, at: now, kind: .incident,
                                                          actor: identity.name, text: words)), in: db)
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: action, subject: incidentID, detail: words)
            return (.recorded(message: words, stepState: nil), [entry])
        }
    }

    private static func auditAction(_ change: IncidentChange) -> String {
        switch change {
        case .status: "incident-status"
        case .severity: "incident-severity"
        case .assign(let role, _): "incident-\(role.rawValue)"
        case .reopen: "incident-reopen"
        }
    }
}
