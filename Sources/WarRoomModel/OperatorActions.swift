/// What came of an operator's action.
public enum ActionOutcome: Equatable, Sendable {
    /// Recorded; `stepState` is the step's state afterwards (for approvals:
    /// still `awaiting_approval` while more approvers are needed).
    case recorded(message: String, stepState: StepState?)
    /// Not done; nothing changed.
    case refused(ActionRefusal)

    public var isRecorded: Bool {
        if case .recorded = self { return true }
        return false
    }

    public var message: String {
        switch self {
        case .recorded(let message, _): message
        case .refused(let refusal): refusal.reason
        }
    }
}

/// An approval or rejection as the operator made it, bound to what they saw.
public struct StepDecision: Sendable, Equatable {
    public var planID: String
    public var stepNumber: Int
    public var decision: ApprovalDecision
    /// Required for a rejection.
    public var comment: String
    /// The pre-flight facts shown to the operator (canonical JSON).
    public var preflightFacts: String
    /// The runbook hash the operator saw.
    public var runbookHash: String
    /// True when the operator approved despite a failing pre-flight (typed `override`).
    public var overridePreflight: Bool

    public init(planID: String, stepNumber: Int, decision: ApprovalDecision, comment: String = "",
                preflightFacts: String = "{}", runbookHash: String, overridePreflight: Bool = false) {
        self.planID = planID
        self.stepNumber = stepNumber
        self.decision = decision
        self.comment = comment
        self.preflightFacts = preflightFacts
        self.runbookHash = runbookHash
        self.overridePreflight = overridePreflight
    }
}

/// Every action an operator can take, whoever carries it out: in-process
/// (demo, or a user who may write the cache) or the agent over its socket.
/// Both apply the same rules and write the same audit.
public protocol OperatorActions: Sendable {
    /// Who the actions are recorded as.
    var identity: OperatorIdentity { get }
    func decide(_ decision: StepDecision) throws -> ActionOutcome
    func acknowledge(alertFingerprint: String) throws -> ActionOutcome
    func addNote(incidentID: String, text: String) throws -> ActionOutcome
    /// Changes an incident's status, severity or roles (``IncidentLifecycle``).
    func changeIncident(_ change: IncidentChange, incidentID: String) throws -> ActionOutcome
    /// Opens an incident an operator declares (``IncidentDeclaration``).
    func openIncident(_ declaration: IncidentDeclaration) throws -> ActionOutcome
    /// Pauses automatic failover until `until` (`nil`: until resumed).
    func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome
    func resumeAutomation() throws -> ActionOutcome
    /// Silences the alert in Alertmanager for `durationSeconds`, with a reason.
    func silence(alertFingerprint: String, durationSeconds: Double, reason: String) throws -> ActionOutcome
    /// Expires the Alertmanager silences of the alert.
    func expireSilence(alertFingerprint: String) throws -> ActionOutcome
    /// Tells the agent what this console shows (``ConsoleReport``): who else
    /// is at the plan is information, so it is neither audited nor refused.
    func reportPresence(_ report: ConsoleReport) throws
}

/// What a silence request must say, checked the same wherever it is made.
public enum SilenceRequest {
    public static let shortest = 60.0
    public static let longest = 30 * 86_400.0

    /// Why the request cannot be made; `nil` when it can.
    public static func problem(durationSeconds: Double, reason: String) -> String? {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "a silence needs a reason (it is recorded, and shown in Alertmanager)"
        }
        if !(shortest...longest).contains(durationSeconds) {
            return "a silence lasts from 1m to 30d (got \(Format.seconds(durationSeconds)))"
        }
        if reason.count > 500 { return "a silence's reason is at most 500 characters (got \(reason.count))" }
        return nil
    }
}
