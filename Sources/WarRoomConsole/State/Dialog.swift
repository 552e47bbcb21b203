import Foundation
import WarRoomModel

/// A dialog that collects a decision: bound to one step by plan and number,
/// so it names the same step however the list moves underneath it.
public struct DecisionDialog: Equatable, Sendable {
    public enum Field: Equatable, Sendable { case confirmation, comment }

    public var planID: String
    public var stepNumber: Int
    public var decision: ApprovalDecision
    public var confirmation = ""
    public var comment = ""
    public var field: Field
    /// The last outcome or hint, shown in the dialog (a refusal keeps it open).
    public var message: String?
    public var messageIsError = false
    /// The first line of the pre-flight facts on show, when they are more
    /// than the dialog holds (↑/↓ and PgUp/PgDn scroll them).
    public var scroll = 0

    public init(planID: String, stepNumber: Int, decision: ApprovalDecision) {
        self.planID = planID
        self.stepNumber = stepNumber
        self.decision = decision
        // A rejection starts with its (required) reason.
        field = decision == .rejected ? .comment : .confirmation
    }
}

/// A dialog that collects a note for an incident's timeline.
public struct NoteDialog: Equatable, Sendable {
    public var incidentID: String
    public var text = ""
    public var message: String?

    public init(incidentID: String) {
        self.incidentID = incidentID
    }
}

/// A dialog that asks whom to hand command of an incident to.
public struct HandOverDialog: Equatable, Sendable {
    public var incidentID: String
    public var name = ""
    public var message: String?

    public init(incidentID: String) {
        self.incidentID = incidentID
    }
}

/// A dialog that asks how long and why to silence an alert in Alertmanager.
public struct SilenceDialog: Equatable, Sendable {
    public enum Field: Equatable, Sendable { case duration, reason }

    public var alertFingerprint: String
    public var duration = "1h"
    public var reason = ""
    /// The reason comes first: it is the one thing that has no default.
    public var field = Field.reason
    public var message: String?

    public init(alertFingerprint: String) {
        self.alertFingerprint = alertFingerprint
    }
}

/// A dialog that pauses automatic failover (asking why) or, when it is
/// paused, asks to confirm resuming it.
public struct AutomationDialog: Equatable, Sendable {
    public var resuming: Bool
    public var reason = ""
    public var message: String?

    public init(resuming: Bool) {
        self.resuming = resuming
    }
}

public enum Dialog: Equatable, Sendable {
    case decision(DecisionDialog)
    case automation(AutomationDialog)
    case note(NoteDialog)
    case silence(SilenceDialog)
    case handOver(HandOverDialog)

    /// The dialog with `message` shown in it (a refusal keeps it open).
    func showing(_ message: String) -> Dialog {
        switch self {
        case .decision(var dialog):
            dialog.message = message
            dialog.messageIsError = true
            return .decision(dialog)
        case .note(var dialog):
            dialog.message = message
            return .note(dialog)
        case .silence(var dialog):
            dialog.message = message
            return .silence(dialog)
        case .handOver(var dialog):
            dialog.message = message
            return .handOver(dialog)
        case .automation(var dialog):
            dialog.message = message
            return .automation(dialog)
        }
    }
}

/// What confirms a decision, in one place: the target site's short name for
/// a step that changes production, the step number otherwise, and `override`
/// when the pre-flight fails. A bare Enter or anything else never confirms.
public enum DecisionConfirmation {
    public static func expectedWord(for step: PlanStep, of plan: FailoverPlan, preflightHolds: Bool) -> String {
        if !preflightHolds { return "override" }
        return step.changesProduction ? plan.toSiteID : String(step.number)
    }

    /// Nil when `typed` confirms; otherwise what to tell the operator.
    public static func problem(typed: String, step: PlanStep, plan: FailoverPlan, preflightHolds: Bool,
                               decision: ApprovalDecision, comment: String) -> String? {
        let word = expectedWord(for: step, of: plan, preflightHolds: decision == .rejected || preflightHolds)
        if decision == .rejected && comment.trimmingCharacters(in: .whitespaces).isEmpty {
            return "a rejection needs a reason: type it in the reason field"
        }
        guard typed == word else {
            return typed.isEmpty ? "type \(word) and press Enter to \(decision == .approved ? "approve" : "reject")"
                : "'\(typed)' does not confirm: type \(word)"
        }
        return nil
    }
}
