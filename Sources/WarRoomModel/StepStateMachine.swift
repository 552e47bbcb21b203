/// Something that happens to a failover step.
public enum StepEvent: String, Sendable, CaseIterable {
    /// Enough distinct operators approved it.
    case approve
    /// An operator rejected it.
    case reject
    /// Its approval waited past the runbook's `approval_timeout`.
    case expire
    /// The executor started it (approved, or needing no approval).
    case start
    /// The pre-flight facts no longer hold (lag over RPO, target unhealthy,
    /// runbook changed): its approvals no longer count.
    case invalidateApproval
    case succeed
    case fail
    case timeOut
    /// The plan will not run it (plan abandoned, or an earlier step failed).
    case skip
    /// Its rollback action ran.
    case rollBack
    /// The executor lost track of it while it ran (agent died).
    case loseTrack
    /// Another site's agent claimed it first, in the cluster: it may have run
    /// there, so it is not started here.
    case claimedElsewhere
    /// An operator checked a step in `unknown` and found it done.
    case confirmSucceeded
    /// An operator checked a step in `unknown` and found it not done.
    case confirmFailed
}

/// A transition the state machine refuses, with the reason in words.
public struct StepTransitionRefusal: Error, Equatable, CustomStringConvertible, Sendable {
    public var from: StepState
    public var event: StepEvent

    public init(from: StepState, event: StepEvent) {
        self.from = from
        self.event = event
    }

    public var description: String {
        "a step that is \(from.rawValue) cannot \(event.rawValue.replacingCamelCase())"
    }
}

/// The step state machine: a pure function from a state and an event to the
/// next state, or a refusal. Nothing runs unless it was approved (or needs no
/// approval); an approval that times out expires, it never proceeds; a step
/// whose fate is unknown is never re-run on its own.
public enum StepStateMachine {
    /// The state after `event`, or why it is refused. `requiresApproval` tells
    /// a pending step that needs none (it may start) from one that does.
    public static func next(after event: StepEvent, from state: StepState,
                            requiresApproval: Bool) -> Result<StepState, StepTransitionRefusal> {
        let refused = Result<StepState, StepTransitionRefusal>.failure(StepTransitionRefusal(from: state, event: event))
        switch (state, event) {
        case (.awaitingApproval, .approve): return .success(.approved)
        case (.awaitingApproval, .reject): return .success(.rejected)
        case (.awaitingApproval, .expire): return .success(.expired)
        case (.approved, .start): return .success(.running)
        case (.pending, .start): return requiresApproval ? refused : .success(.running)
        case (.approved, .invalidateApproval): return .success(.awaitingApproval)
        case (.running, .succeed): return .success(.succeeded)
        case (.running, .fail): return .success(.failed)
        case (.running, .timeOut): return .success(.timedOut)
        case (.running, .loseTrack): return .success(.unknown)
        case (.approved, .claimedElsewhere): return .success(.unknown)
        case (.pending, .claimedElsewhere): return requiresApproval ? refused : .success(.unknown)
        case (.pending, .skip), (.awaitingApproval, .skip), (.approved, .skip): return .success(.skipped)
        case (.succeeded, .rollBack), (.failed, .rollBack), (.timedOut, .rollBack), (.unknown, .rollBack):
            return .success(.rolledBack)
        case (.unknown, .confirmSucceeded): return .success(.succeeded)
        case (.unknown, .confirmFailed): return .success(.failed)
        default: return refused
        }
    }
}

extension String {
    /// `invalidateApproval` → `invalidate approval`, for messages.
    func replacingCamelCase() -> String {
        var out = ""
        for character in self {
            if character.isUppercase { out += " " + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
