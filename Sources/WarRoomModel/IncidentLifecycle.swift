/// Who holds a part in running an incident (seed 004's roles).
public enum IncidentRole: String, Codable, Sendable, CaseIterable {
    /// Leads the response and decides; required for a SEV1 or SEV2 to move on.
    case commander
    /// Keeps the timeline.
    case scribe
    /// Speaks to the people outside the war room.
    case liaison
}

/// A change asked of an incident by an operator (or the agent).
public enum IncidentChange: Codable, Equatable, Sendable {
    case status(IncidentStatus)
    case severity(IncidentSeverity)
    /// Gives `role` to `name`, or frees it when `name` is `nil`.
    case assign(IncidentRole, name: String?)
    /// A resolved incident opens again, as investigating.
    case reopen
}

/// The incident lifecycle's rules: which changes may be made, by whom, and
/// why not in words when they may not. Pure: the store applies them where a
/// change is recorded, the console and CLI say the refusal.
public enum IncidentLifecycle {
    /// Why `actor` may not make `change` to `incident`, or `nil` when they may.
    /// - parameter approvers: who may act in place of the commander.
    public static func refusal(_ change: IncidentChange, to incident: Incident, by actor: OperatorIdentity,
                               approvers: ApproverPolicy) -> String? {
        let id = incident.id
        if let keptAt = incident.keptAt { return ApprovalPolicy.keptElsewhere(id, at: keptAt) }
        let roles = incident.roles
        let leads = roles[.commander]
        switch change {
        case .reopen:
            return incident.status == .resolved ? nil : "\(id) is not resolved (it is \(incident.status.words))"
        case .status(let status):
            if incident.status == .resolved { return "\(id) is resolved: reopen it first" }
            if status == incident.status { return "\(id) is already \(status.words)" }
            if incident.severity.needsCommander, leads == nil {
                return "\(id) is \(incident.severity.label) and has no commander: take command first"
            }
            if let leads, leads != actor.name, !approvers.admits(actor) {
                return "\(leads) commands \(id): only they (or an approver) change its status"
            }
            return nil
        case .severity(let severity):
            if incident.status == .resolved { return "\(id) is resolved: reopen it first" }
            if severity == incident.severity { return "\(id) is already \(severity.label)" }
            if let leads, leads != actor.name, !approvers.admits(actor) {
                return "\(leads) commands \(id): only they (or an approver) change its severity"
            }
            return nil
        case .assign(let role, let name):
            if incident.status == .resolved { return "\(id) is resolved: reopen it first" }
            if let name, !isUserName(name) { return "'\(name)' is not a user name" }
            let holder = roles[role]
            if holder == name { return name.map { "\($0) is already the \(role.rawValue) of \(id)" } ?? "\(id) has no \(role.rawValue)" }
            // Taking a free role for yourself needs nobody's leave; anything else is the commander's or an approver's.
            if holder == nil, name == actor.name { return nil }
            if holder == actor.name, role == .commander || name == nil { return nil }
            if leads == actor.name || approvers.admits(actor) { return nil }
            let who = holder.map { "\($0) is the \(role.rawValue) of \(id)" } ?? "\(id) has no \(role.rawValue)"
            return "\(who): only \(leads ?? "its commander") or an approver assigns it to someone else"
        }
    }

    /// A user name as the system spells them: 1 to 64 of letters, digits, `.`, `_`, `@` and `-`.
    public static func isUserName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }
    }

    /// `incident` after `change`, made at `at` (the clock of record).
    public static func applying(_ change: IncidentChange, to incident: Incident, at: EpochMillis) -> Incident {
        var changed = incident
        switch change {
        case .reopen:
            changed.status = .investigating
            changed.resolvedAt = nil
        case .status(let status):
            changed.status = status
            if status == .monitoring, changed.mitigatedAt == nil { changed.mitigatedAt = at }
            if status == .resolved { changed.resolvedAt = at }
        case .severity(let severity):
            changed.severity = severity
        case .assign(.commander, let name):
            changed.commander = name
        case .assign(.scribe, let name):
            changed.scribe = name
        case .assign(.liaison, let name):
            changed.liaison = name
        }
        return changed
    }

    /// The timeline's words for a change made by `actor`.
    public static func words(_ change: IncidentChange, of incident: Incident, by actor: String) -> String {
        switch change {
        case .reopen: "\(actor) reopened \(incident.id)"
        case .status(let status): "\(actor) set \(incident.id) to \(status.words) (was \(incident.status.words))"
        case .severity(let severity): "\(actor) set \(incident.id) to \(severity.label) (was \(incident.severity.label))"
        case .assign(let role, let name?) where name == actor: "\(actor) took the \(role.rawValue) role of \(incident.id)"
        case .assign(let role, let name?): "\(actor) made \(name) the \(role.rawValue) of \(incident.id)"
        case .assign(let role, nil): "\(actor) freed the \(role.rawValue) role of \(incident.id)"
        }
    }
}

extension IncidentSeverity {
    /// `SEV1`.
    public var label: String { rawValue.uppercased() }

    /// SEV1 and SEV2 activate the DR plan (seed 003): somebody must lead them.
    public var needsCommander: Bool { self == .sev1 || self == .sev2 }
}
