/// Where a failover step is in its life; ``StepStateMachine`` says which
/// transitions between these states are allowed.
public enum StepState: String, Codable, Sendable, CaseIterable {
    case pending
    case awaitingApproval = "awaiting_approval"
    case approved, running, succeeded, failed
    case timedOut = "timed_out"
    case rejected, expired, skipped
    case rolledBack = "rolled_back"
    /// The executor lost track of it (e.g. died while it ran): an operator must verify.
    case unknown

    /// Nothing more will happen to the step on its own: it ran to an end, or
    /// never will. `unknown` has not ended: an operator must say how it did.
    public var hasEnded: Bool {
        switch self {
        case .succeeded, .failed, .timedOut, .rejected, .expired, .skipped, .rolledBack: true
        case .pending, .awaitingApproval, .approved, .running, .unknown: false
        }
    }

    /// The step may still move on its own: pending, waiting for or holding an
    /// approval, or running (an `unknown` step waits for an operator).
    public var isInFlight: Bool {
        switch self {
        case .pending, .awaitingApproval, .approved, .running: true
        case .succeeded, .failed, .timedOut, .rejected, .expired, .skipped, .rolledBack, .unknown: false
        }
    }
}

/// A proposed or active failover from one site to another.
public struct FailoverPlan: Codable, Sendable, Hashable, Identifiable {
    /// e.g. `PLAN-0001`.
    public var id: String
    public var incidentID: String?
    public var name: String
    public var fromSiteID: String
    public var toSiteID: String
    public var proposedAt: EpochMillis
    /// Who proposed it: an operator, or `agent`.
    public var proposedBy: String
    /// Content hash of the runbook the plan was made from (`sha256:HEX`), or
    /// `builtin:NAME@VERSION` for a runbook compiled into warroom.
    public var runbookHash: String
    /// Who may approve its steps, and for how long.
    public var policy: ApproverPolicy
    /// Set when a drill against a real configuration proposed it: the executor
    /// runs only the steps marked `drill: safe` (none in a dry run) and reports the rest.
    public var drill: PlanDrill?
    /// In a cluster, the site whose agent keeps this plan when it is not this
    /// site's: a mirror of the decider's plan, approved and run there only.
    public var keptAt: String?

    public init(id: String, incidentID: String?, name: String, fromSiteID: String, toSiteID: String,
                proposedAt: EpochMillis, proposedBy: String, runbookHash: String, policy: ApproverPolicy = ApproverPolicy(),
                drill: PlanDrill? = nil, keptAt: String? = nil) {
        self.id = id
        self.incidentID = incidentID
        self.name = name
        self.fromSiteID = fromSiteID
        self.toSiteID = toSiteID
        self.proposedAt = proposedAt
        self.proposedBy = proposedBy
        self.runbookHash = runbookHash
        self.policy = policy
        self.drill = drill
        self.keptAt = keptAt
    }

    /// Whether the executor only reports `step` (a drill's step not marked
    /// `drill: safe`, or any step of a dry run) instead of running it.
    public func reportsOnly(_ step: PlanStep) -> Bool {
        guard let drill else { return false }
        return drill.dryRun || step.spec?.drillSafe != true
    }
}

/// The drill a plan belongs to.
public struct PlanDrill: Codable, Sendable, Hashable {
    public var id: String
    public var dryRun: Bool

    public init(id: String, dryRun: Bool) {
        self.id = id
        self.dryRun = dryRun
    }
}

/// One step of a failover plan.
public struct PlanStep: Codable, Sendable, Hashable {
    public var planID: String
    /// 1-based position in the plan.
    public var number: Int
    /// The runbook's id for the step, e.g. `promote-london`.
    public var key: String
    public var title: String
    /// What the step does, in words or as the exact command.
    public var action: String
    public var requiresApproval: Bool
    /// Distinct operators who must approve (two-person rule when 2).
    public var approversRequired: Int
    /// True when the step changes production (confirmation by site name).
    public var changesProduction: Bool
    public var state: StepState
    public var updatedAt: EpochMillis
    /// Captured, bounded output; text from outside.
    public var output: String
    /// What the runbook says the step runs and checks; `nil` for steps written
    /// by an agent that did not record it.
    public var spec: StepSpec?
    /// When the step began waiting for approval (its approval timeout counts from here).
    public var awaitingSince: EpochMillis?
    /// The process group of the step's command while it runs (a restarted agent
    /// checks whether it still exists instead of guessing).
    public var processGroup: Int32?
    /// When that group's leader started (clock ticks since boot, `/proc/PID/stat`),
    /// so a later process given the same number is not taken for it.
    public var processStartTicks: Int64?
    /// When it first ran, and when it ended (``StepState/hasEnded``).
    public var startedAt: EpochMillis?
    public var endedAt: EpochMillis?

    public init(planID: String, number: Int, key: String, title: String, action: String,
                requiresApproval: Bool, approversRequired: Int, changesProduction: Bool,
                state: StepState, updatedAt: EpochMillis, output: String = "", spec: StepSpec? = nil,
                awaitingSince: EpochMillis? = nil, processGroup: Int32? = nil, processStartTicks: Int64? = nil,
                startedAt: EpochMillis? = nil, endedAt: EpochMillis? = nil) {
        self.planID = planID
        self.number = number
        self.key = key
        self.title = title
        self.action = action
        self.requiresApproval = requiresApproval
        self.approversRequired = approversRequired
        self.changesProduction = changesProduction
        self.state = state
        self.updatedAt = updatedAt
        self.output = output
        self.spec = spec
        self.awaitingSince = awaitingSince
        self.processGroup = processGroup
        self.processStartTicks = processStartTicks
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
