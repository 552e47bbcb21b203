import WarRoomModel
import WarRoomStore

/// An operator's decision on a step, or note on or change to an incident,
/// in a cluster, taken by this site's agent: read what the cluster holds of
/// it, check the operator's against that (the approver policy, the
/// incident's lifecycle, who was first), create it under the next number by
/// transaction, then mirror into this cache everything the cluster committed
/// so far, in order. Of two sites acting at once one is recorded; the other
/// reads again and is checked again, and told who was first.
struct ClusterDecision {
    let cluster: any SharedDecisions
    let writer: CacheWriter
    let identity: OperatorIdentity
    /// Reads and tries before giving up when others keep taking the number.
    static let attempts = 3

    /// What checking against what the cluster holds came to.
    private enum Checked<Ready> {
        case refused(ActionOutcome)
        case ready(Ready)
    }

    func decide(_ decision: StepDecision, at now: EpochMillis) throws -> ActionOutcome {
        let approving = decision.decision == .approved
        let (planID, number) = (decision.planID, decision.stepNumber)
        return try take(decision.decision.auditAction, subject: "\(planID)/\(number)", doing: approving ? "an approval" : "a rejection",
                        verb: approving ? "approve" : "reject", again: "step \(number)", at: now,
                        read: { cluster.decisions(planID: planID, stepNumber: number) },
                        check: { held -> Checked<(SharedDecision, DecisionEffect)> in
                            switch try writer.check(decision, by: identity, siteID: cluster.siteID, holding: held, at: now) {
                            case .refused(let outcome): .refused(outcome)
                            case .ready(let shared, let effect): .ready((shared, effect))
                            }
                        },
                        record: { cluster.record($0.0) },
                        own: { held, ready, revision in
                            var own = ready.0
                            own.approval.revision = revision
                            return SharedLedger(decisions: held + [own])
                        },
                        told: { ready, revision in
                            .recorded(message: "\(ready.1.message) (in the cluster at revision \(revision))",
                                      stepState: try writer.stepState(planID: planID, stepNumber: number))
                        })
    }

    func change(_ kind: SharedIncidentChange.Kind, on incidentID: String, at now: EpochMillis) throws -> ActionOutcome {
        let words = CacheWriter.words(for: kind, on: incidentID)
        return try take(words.action, subject: incidentID, doing: words.doing, verb: words.verb, again: incidentID, at: now,
                        read: { cluster.changes(incidentID: incidentID) },
                        check: { held -> Checked<SharedIncidentChange> in
                            switch try writer.check(kind, on: incidentID, by: identity, siteID: cluster.siteID, holding: held, at: now) {
                            case .refused(let outcome): .refused(outcome)
                            case .ready(let change): .ready(change)
                            }
                        },
                        record: { cluster.record($0) },
                        own: { held, ready, revision in
                            var own = ready
                            own.revision = revision
                            return SharedLedger(changes: held + [own])
                        },
                        told: { ready, revision in
                            let said = if case .note = kind { "note added to \(incidentID)" } else { ready.words }
                            return .recorded(message: "\(said) (in the cluster at revision \(revision))", stepState: nil)
                        })
    }

    /// The one way every shared action is taken (see the type's summary).
    /// - parameter again: what to look at again when the answer was lost.
    /// - parameter own: what to mirror when the cluster cannot be read back:
    ///   what was read, and the action itself at its revision.
    private func take<Held, Ready>(_ action: String, subject: String, doing: String, verb: String, again: String, at now: EpochMillis,
                                   read: () -> Result<Held, ActionRefusal>, check: (Held) throws -> Checked<Ready>,
                                   record: (Ready) -> SharedDecisionWrite, own: (Held, Ready, Int64) -> SharedLedger,
                                   told: (Ready, Int64) throws -> ActionOutcome) throws -> ActionOutcome {
        func refuse(_ why: String) throws -> ActionOutcome {
            try writer.recordRefusal(ActionRefusal(why), action: action, subject: subject, by: identity, at: now)
        }
        // Said at once, not after the cluster's deadline.
        if let cutOff = try writer.cutOffRefusal(doing, verb: verb) { return try refuse(cutOff.reason) }
        for _ in 0..<Self.attempts {
            let held: Held
            switch read() {
            case .failure(let why): return try refuse("\(why.reason); nothing was recorded")
            case .success(let found): held = found
            }
            let ready: Ready
            switch try check(held) {
            case .refused(let outcome): return outcome
            case .ready(let checked): ready = checked
            }
            switch record(ready) {
            case .taken:
                continue
            case .unconfirmed(let why):
                return try refuse("the cluster did not confirm \(doing) (\(why)): it may have been recorded all the same; "
                                  + "look at \(again) again before trying again")
            case .recorded(let revision):
                // Everything committed before it first, so this site's audit lists them in the cluster's order.
                try writer.mirror((try? cluster.all().get()) ?? own(held, ready, revision))
                return try told(ready, revision)
            }
        }
        return try refuse("other operators acted on \(again) at the same moment \(Self.attempts) times; look at it again first")
    }
}
