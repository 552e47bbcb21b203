import WarRoomModel

/// The decider closing, in a cluster, a step's wait for approval that ran
/// out: recorded among the operators' decisions on the step
/// (``SharedDecisions``), under the next number, so that an approval taken at
/// another site at that moment and the expiry make one change. Whichever the
/// cluster committed first settles the step at every site: an approval that
/// came first counts and the step runs; one that came after is refused,
/// saying the step expired. Never an approval told "approved" and then lost.
struct ClusterWaitExpiry {
    let decisions: any SharedDecisions
    let store: StepStore
    let actor: String
    /// Reads and tries before giving up when operators keep deciding at the same moment.
    static let attempts = 3

    /// What closing the wait came to.
    enum Outcome: Equatable {
        /// The step expired: recorded in the cluster and mirrored here.
        case expired
        /// Decisions taken elsewhere settled it first (approved or rejected); mirrored here.
        case settledFirst
        /// The cluster could not be asked or did not confirm: the wait stays open, asked again later.
        case unavailable(String)
    }

    /// - parameter since: when the step began the wait that ran out.
    /// - parameter reason: `not approved within 30m`.
    /// - parameter line: the incident timeline's line, the same at every site.
    func expire(_ step: PlanStep, of plan: FailoverPlan, since: EpochMillis, reason: String, line: String,
                at now: EpochMillis) throws -> Outcome {
        for _ in 0..<Self.attempts {
            let held: [SharedDecision]
            switch decisions.decisions(planID: plan.id, stepNumber: step.number) {
            case .failure(let why): return .unavailable(why.reason)
            case .success(let found): held = found
            }
            // Decisions taken elsewhere that this cache has not mirrored yet come first.
            try store.mirror(SharedLedger(decisions: held))
            switch ApprovalPolicy.settledState(of: step, by: held.map(\.approval)) {
            case .awaitingApproval: break
            case .expired: return .expired  // by an earlier try whose answer was lost
            default: return .settledFirst
            }
            var expiry = SharedDecision(
                approval: Approval(planID: plan.id, stepNumber: step.number, operatorName: actor, origin: nil, decision: .expired,
                                   comment: reason, decidedAt: now, preflightFacts: "{}", runbookHash: plan.runbookHash, overrode: false,
                                   siteID: decisions.siteID, answering: since),
                number: (held.map(\.number).max() ?? 0) + 1, actor: actor, auditDetail: "\(step.title) · \(reason)", timelineText: line)
            switch decisions.record(expiry) {
            case .taken:
                continue
            case .unconfirmed(let why):
                return .unavailable("the cluster did not confirm it (\(why))")
            case .recorded(let revision):
                expiry.approval.revision = revision
                try store.mirror((try? decisions.all().get()) ?? SharedLedger(decisions: held + [expiry]))
                return .expired
            }
        }
        return .unavailable("operators decided on the step at the same moment \(Self.attempts) times")
    }
}
