import WarRoomModel
import WarRoomStore

/// An approval or rejection in a cluster, taken by this site's agent: read
/// the step's decisions from the cluster, check the operator's against them
/// (the approver policy, and who decided first), create it under the next
/// number by transaction, then mirror into this cache everything the cluster
/// committed so far, in order. Of two sites deciding at once one is
/// recorded; the other reads its step again and is told who and when.
struct ClusterDecision {
    let cluster: any SharedDecisions
    let writer: CacheWriter
    let identity: OperatorIdentity
    /// Reads and tries before giving up when other decisions keep taking the number.
    static let attempts = 3

    func decide(_ decision: StepDecision, at now: EpochMillis) throws -> ActionOutcome {
        let (action, subject) = (decision.decision == .approved ? "approve" : "reject", "\(decision.planID)/\(decision.stepNumber)")
        let noun = decision.decision == .approved ? "approval" : "rejection"
        func refuse(_ why: String) throws -> ActionOutcome {
            try writer.recordRefusal(ActionRefusal(why), action: action, subject: subject, by: identity, at: now)
        }
        // Said at once, not after the cluster's deadline.
        if let cutOff = try writer.cutOffRefusal("an \(noun)", verb: action) { return try refuse(cutOff.reason) }
        for _ in 0..<Self.attempts {
            let held: [SharedDecision]
            switch cluster.decisions(planID: decision.planID, stepNumber: decision.stepNumber) {
            case .failure(let why): return try refuse("\(why.reason); nothing was recorded")
            case .success(let found): held = found
            }
            let shared: SharedDecision, effect: DecisionEffect
            switch try writer.check(decision, by: identity, siteID: cluster.siteID, holding: held, at: now) {
            case .refused(let outcome): return outcome
            case .ready(let ready, let decided): (shared, effect) = (ready, decided)
            }
            switch cluster.record(shared) {
            case .taken:
                continue
            case .unconfirmed(let why):
                return try refuse("the cluster did not confirm the \(noun) (\(why)): it may have been recorded all the same; "
                                  + "look at step \(decision.stepNumber) again before deciding again")
            case .recorded(let revision):
                var own = shared
                own.approval.revision = revision
                // Everything committed before it first, so this site's audit lists decisions in the cluster's order.
                var committed = (try? cluster.all().get()) ?? held
                if !committed.contains(where: { $0.approval.revision == revision }) { committed.append(own) }
                let state = try writer.mirror(committed, planID: decision.planID, stepNumber: decision.stepNumber)
                return .recorded(message: "\(effect.message) (in the cluster at revision \(revision))", stepState: state)
            }
        }
        return try refuse("other operators decided step \(decision.stepNumber) at the same moment \(Self.attempts) times; "
                          + "look at it again before deciding")
    }
}
