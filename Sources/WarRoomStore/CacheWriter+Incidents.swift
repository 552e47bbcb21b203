import Foundation
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
        return try operatorAction(action, subject: incidentID, doing: "a change to \(incidentID)", verb: "change it", by: identity,
                                  at: now) { db in
            guard let incident = try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [incidentID])
                .map(SnapshotQueries.incident) else {
                return try Self.refuse(ActionRefusal("no incident \(incidentID)"), action: action, subject: incidentID,
                                       by: identity, at: now, in: db)
            }
            if try Self.isClusters(incident: incidentID, in: db) {
                return try Self.refuse(ActionRefusal(Self.throughTheAgent("a change to an incident")), action: action,
                                       subject: incidentID, by: identity, at: now, in: db)
            }
            let approvers = try SnapshotQueries.approverPolicy(db)
            if let refusal = IncidentLifecycle.refusal(change, to: incident, by: identity, approvers: approvers) {
                return try Self.refuse(ActionRefusal(refusal), action: action, subject: incidentID, by: identity, at: now, in: db)
            }
            let words = IncidentLifecycle.words(change, of: incident, by: identity.name)
            let changed = IncidentLifecycle.applying(change, to: incident, at: now)
            try AgentEventSQL.apply(.incident(changed), in: db)
            if changed.status == .resolved {
                try RecoveryRecords.recordServiceRecoveries(of: changed, plan: try RecoveryRecords.latestPlan(of: incidentID, in: db),
                                                            in: db)
            }
            try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: incidentID, at: now, kind: .incident,
                                                          actor: identity.name, text: words)), in: db)
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: action, subject: incidentID, detail: words)
            return (.recorded(message: words, stepState: nil), [entry])
        }
    }

    /// Opens the incident `identity` declares, numbered from the same counter
    /// as the agent's, with a line on its timeline and an audit entry; a
    /// declaration that does not hold is refused in words (and audited).
    public func openIncident(_ declaration: IncidentDeclaration, by identity: OperatorIdentity,
                             at now: EpochMillis) throws -> ActionOutcome {
        try durably { db in
            let sites = Set(try String.fetchAll(db, sql: "SELECT id FROM site"))
            let services = Set(try String.fetchAll(db, sql: "SELECT id FROM service"))
            if let refusal = try declaration.refusal(knownSites: sites, knownServices: services, at: now)
                ?? ClusterRecords.refusalToOpen("an incident declared", verb: "declare it", in: db) {
                return try Self.refuse(ActionRefusal(refusal), action: "incident-open", subject: "incident", by: identity,
                                       at: now, in: db)
            }
            let id = try RecordNumbers.id(.incident, in: db)
            let title = declaration.title.trimmingCharacters(in: .whitespacesAndNewlines)
            try AgentEventSQL.apply(.incident(Incident(
                id: id, title: title, severity: declaration.severity, status: .investigating,
                commander: declaration.takesCommand ? identity.name : nil,
                serviceID: declaration.serviceID, impactStartedAt: declaration.impactStartedAt ?? now, openedAt: now,
                siteID: declaration.siteID)), in: db)
            let words = "\(identity.name) declared \(id) (\(declaration.severity.label)): \(title)"
                + (declaration.takesCommand ? "; \(identity.name) commands it" : "")
            try AgentEventSQL.apply(.timeline(TimelineEvent(incidentID: id, at: now, kind: .incident, actor: identity.name,
                                                          text: words)), in: db)
            let entry = try AuditChain.append(db, at: now, actor: identity.name, action: "incident-open", subject: id, detail: words)
            return (.recorded(message: "opened \(id) (\(declaration.severity.label)): \(title)"
                              + (declaration.takesCommand ? "; you command it" : ""), stepState: nil), [entry])
        }
    }

    /// The next incident number, never one anybody was handed before (the
    /// configured agent numbers the incidents it opens with it too).
    public func reserveIncidentNumber() throws -> Int {
        try dbQueue.write { db in try RecordNumbers.reserve(.incident, in: db) }
    }

    /// This site's own incidents, as its agent records them for its cluster
    /// when it decides: the open ones and those in `also` (``SharedIncident``).
    public func incidentsToShare(also: Set<String>, keptAt siteID: String) throws -> [SharedIncident] {
        try dbQueue.read { db in try SharedIncidentRecords.own(also: also, keptAt: siteID, in: db) }
    }

    /// The next failover plan number, likewise.
    public func reservePlanNumber() throws -> Int {
        try dbQueue.write { db in try RecordNumbers.reserve(.plan, in: db) }
    }

    static func auditAction(_ change: IncidentChange) -> String {
        switch change {
        case .status: "incident-status"
        case .severity: "incident-severity"
        case .assign(let role, _): "incident-\(role.rawValue)"
        case .reopen: "incident-reopen"
        }
    }
}

/// Incident and plan numbers handed out from one counter per kind, past every
/// record already in the cache (whoever wrote it).
enum RecordNumbers {
    enum Kind: String {
        case incident, plan

        var table: String { self == .incident ? "incident" : "failover_plan" }
        var prefix: String { self == .incident ? "INC-" : "PLAN-" }
    }

    static func reserve(_ kind: Kind, in db: Database) throws -> Int {
        let highest = try Int.fetchOne(db, sql: """
            SELECT max(coalesce((SELECT last FROM id_counter WHERE kind = ?), 0),
                       coalesce((SELECT max(CAST(substr(id, \(kind.prefix.count + 1)) AS INTEGER)) FROM \(kind.table)
                                 WHERE id GLOB '\(kind.prefix)[0-9]*'), 0))
            """, arguments: [kind.rawValue]) ?? 0
        try db.execute(sql: """
            INSERT INTO id_counter (kind, last) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET last = excluded.last
            """, arguments: [kind.rawValue, highest + 1])
        return highest + 1
    }

    static func id(_ kind: Kind, in db: Database) throws -> String {
        kind.prefix + Format.pad(try reserve(kind, in: db), 4)
    }
}
