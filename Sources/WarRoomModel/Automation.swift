import Foundation

/// An operator's pause of automatic failover: who, why, since and until when.
public struct AutomationPause: Codable, Sendable, Equatable {
    public var by: String
    public var reason: String
    public var at: EpochMillis
    /// `nil`: until someone resumes it.
    public var until: EpochMillis?

    public init(by: String, reason: String, at: EpochMillis, until: EpochMillis?) {
        self.by = by
        self.reason = reason
        self.at = at
        self.until = until
    }
}

/// What automatic failover may do right now.
public enum AutomationStatus: Sendable, Equatable {
    /// A detected failure decided as automatic runs its plan.
    case armed
    /// An operator paused it: every plan waits for approval.
    case paused(AutomationPause)
    /// An automatic failover ran at `since`; no other runs before `until` (anti-flap).
    case heldBack(since: EpochMillis, until: EpochMillis)

    /// `armed`, `paused`, `held-back`.
    public var name: String {
        switch self {
        case .armed: "armed"
        case .paused: "paused"
        case .heldBack: "held-back"
        }
    }
}

/// The agent's automation as the cache keeps it: the anti-flap window, the
/// pause if any, and the last automatic failover. The agent writes it when it
/// starts with a configuration; pausing and resuming are operator actions on
/// it. A pause outlives an agent restart. Who may pause and resume (the
/// configuration's approvers) is not part of it: only the writer deciding a
/// pause reads them, so a console or `status` never decodes the policy.
public struct Automation: Codable, Sendable, Equatable {
    public var antiFlapSeconds: Double
    public var pause: AutomationPause?
    public var lastAutomaticFailoverAt: EpochMillis?
    public var lastAutomaticPlanID: String?

    public init(antiFlapSeconds: Double, pause: AutomationPause? = nil,
                lastAutomaticFailoverAt: EpochMillis? = nil, lastAutomaticPlanID: String? = nil) {
        self.antiFlapSeconds = antiFlapSeconds
        self.pause = pause
        self.lastAutomaticFailoverAt = lastAutomaticFailoverAt
        self.lastAutomaticPlanID = lastAutomaticPlanID
    }

    /// The state at `now`: a pause wins over the anti-flap window; a pause whose
    /// end has passed no longer holds.
    public func status(at now: EpochMillis) -> AutomationStatus {
        if let pause, pause.until.map({ now < $0 }) ?? true { return .paused(pause) }
        if let last = lastAutomaticFailoverAt {
            let until = last.adding(seconds: antiFlapSeconds)
            if now < until { return .heldBack(since: last, until: until) }
        }
        return .armed
    }

    /// The state in words, for the header, `status` and the timeline.
    public func describe(at now: EpochMillis) -> String {
        switch status(at: now) {
        case .armed:
            return "armed"
        case .paused(let pause):
            let until = pause.until.map { "until \(Format.utc($0))" } ?? "until resumed"
            return "paused by \(pause.by) \(until): \(pause.reason)"
        case .heldBack(let since, let until):
            return "held back \(Format.seconds(until.seconds(since: now))) more (anti-flap: automatic failover at \(Format.utc(since)))"
        }
    }
}

/// What pausing or resuming does, decided before anything is written.
public struct AutomationChange: Sendable, Equatable {
    public var pause: AutomationPause?
    /// `pause` or `resume`, for the audit trail.
    public var auditAction: String
    public var auditDetail: String
    /// The line for the open incident's timeline and the agent's log.
    public var text: String
}

extension Automation {
    /// A pause of automatic failover by `identity`: only one of `approvers`
    /// may, with a reason, until a time still to come.
    public func pausing(by identity: OperatorIdentity, approvers: ApproverPolicy, reason: String, until: EpochMillis?,
                        at now: EpochMillis) -> Result<AutomationChange, ActionRefusal> {
        if let refusal = Self.refusal(for: identity, approvers: approvers, "pause") { return .failure(refusal) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { return .failure(ActionRefusal("a pause needs a reason (--reason)")) }
        guard reason.count <= 500 else {
            return .failure(ActionRefusal("a reason is at most 500 characters (got \(reason.count))"))
        }
        if let until, until <= now {
            return .failure(ActionRefusal("the pause would end at \(Format.utc(until)), which has passed"))
        }
        let pause = AutomationPause(by: identity.name, reason: reason, at: now, until: until)
        let end = until.map { "until \(Format.utc($0))" } ?? "until resumed"
        return .success(AutomationChange(
            pause: pause, auditAction: "pause", auditDetail: "\(end) · \(reason)",
            text: "\(identity.name) paused automatic failover \(end): \(reason). Plans wait for approval."))
    }

    /// Resuming by `identity`: only one of `approvers`, and only what is paused.
    public func resuming(by identity: OperatorIdentity, approvers: ApproverPolicy,
                         at now: EpochMillis) -> Result<AutomationChange, ActionRefusal> {
        if let refusal = Self.refusal(for: identity, approvers: approvers, "resume") { return .failure(refusal) }
        guard case .paused(let pause) = status(at: now) else {
            return .failure(ActionRefusal("automatic failover is not paused (it is \(describe(at: now)))"))
        }
        return .success(AutomationChange(
            pause: nil, auditAction: "resume", auditDetail: "paused by \(pause.by) since \(Format.utc(pause.at))",
            text: "\(identity.name) resumed automatic failover (paused by \(pause.by) since \(Format.utc(pause.at)))"))
    }

    private static func refusal(for identity: OperatorIdentity, approvers: ApproverPolicy, _ verb: String) -> ActionRefusal? {
        if identity.simulated {
            return ActionRefusal("a simulated operator may not \(verb) automatic failover")
        }
        if approvers.admits(identity) { return nil }
        let allowed = approvers.named.map { "only \($0) may" } ?? "the configuration names no approvers"
        return ActionRefusal("\(identity.name) may not \(verb) automatic failover: \(allowed)")
    }
}
