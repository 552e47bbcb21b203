/// What a step does when it runs.
public struct StepAction: Codable, Sendable, Hashable {
    /// The program and its arguments (`command:` in the runbook); empty for a built-in action.
    public var argv: [String]
    public var environment: [String: String]
    public var workingDirectory: String?
    /// Seconds before the step's process group gets SIGTERM (then SIGKILL).
    public var timeoutSeconds: Double
    /// A simulator action by name (`builtin:` in the runbook), for demos.
    public var builtin: String?

    public init(argv: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil,
                timeoutSeconds: Double = 300, builtin: String? = nil) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.builtin = builtin
    }

    /// The exact command as an operator reads it.
    public var displayText: String {
        if let builtin { return "builtin \(builtin)" }
        return argv.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}

/// Facts that must hold right before a step runs (and that an approver sees).
public struct PreflightChecks: Codable, Sendable, Hashable {
    /// The target site must be healthy.
    public var targetHealthy: Bool
    /// The target's capacity must cover the load it would take over.
    public var targetCapacity: Bool
    /// Data types whose replication lag to the target must be within RPO.
    public var replicationWithinRPO: [String]

    public init(targetHealthy: Bool = false, targetCapacity: Bool = false, replicationWithinRPO: [String] = []) {
        self.targetHealthy = targetHealthy
        self.targetCapacity = targetCapacity
        self.replicationWithinRPO = replicationWithinRPO
    }

    public var isEmpty: Bool { !targetHealthy && !targetCapacity && replicationWithinRPO.isEmpty }
}

/// A step as its runbook defines it: action, rollback and pre-flight.
public struct StepSpec: Codable, Sendable, Hashable {
    public var action: StepAction
    public var rollback: StepAction?
    public var preflight: PreflightChecks
    /// `true` when the runbook marks the step `drill: safe`: a drill against a
    /// real configuration runs it; every other step is only reported.
    public var drillSafe: Bool?

    public init(action: StepAction, rollback: StepAction? = nil, preflight: PreflightChecks = PreflightChecks(),
                drillSafe: Bool? = nil) {
        self.action = action
        self.rollback = rollback
        self.preflight = preflight
        self.drillSafe = drillSafe
    }
}
