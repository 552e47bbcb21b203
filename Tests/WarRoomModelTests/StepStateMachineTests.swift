import Testing
import WarRoomModel

@Suite("Step state machine")
struct StepStateMachineTests {
    /// Every allowed transition, written out by hand: anything not here must be refused.
    static let allowed: [String: StepState] = [
        "awaiting_approval+approve": .approved,
        "awaiting_approval+reject": .rejected,
        "awaiting_approval+expire": .expired,
        "awaiting_approval+skip": .skipped,
        "approved+start": .running,
        "approved+invalidateApproval": .awaitingApproval,
        "approved+skip": .skipped,
        "pending+start(no approval)": .running,
        "pending+skip": .skipped,
        "running+succeed": .succeeded,
        "running+fail": .failed,
        "running+timeOut": .timedOut,
        "running+loseTrack": .unknown,
        "approved+claimedElsewhere": .unknown,
        "pending+claimedElsewhere(no approval)": .unknown,
        "succeeded+rollBack": .rolledBack,
        "failed+rollBack": .rolledBack,
        "timed_out+rollBack": .rolledBack,
        "unknown+rollBack": .rolledBack,
        "unknown+confirmSucceeded": .succeeded,
        "unknown+confirmFailed": .failed,
    ]

    @Test("every state × event × approval need: allowed ones as written, all others refused")
    func exhaustive() {
        var allowedSeen = 0
        for state in StepState.allCases {
            for event in StepEvent.allCases {
                for requiresApproval in [true, false] {
                    let result = StepStateMachine.next(after: event, from: state, requiresApproval: requiresApproval)
                    var key = "\(state.rawValue)+\(event.rawValue)"
                    if state == .pending && (event == .start || event == .claimedElsewhere) {
                        key += requiresApproval ? "(approval)" : "(no approval)"
                    }
                    if let expected = Self.allowed[key] {
                        #expect(result == .success(expected), "\(key) should give \(expected)")
                        allowedSeen += 1
                    } else {
                        #expect(result == .failure(StepTransitionRefusal(from: state, event: event)), "\(key) must be refused")
                    }
                }
            }
        }
        // Each allowed key is met twice (with and without approval need), except pending+start and pending+claimedElsewhere.
        #expect(allowedSeen == (Self.allowed.count - 2) * 2 + 2)
    }

    @Test("nothing that needs approval runs without it")
    func noRunWithoutApproval() {
        for state in StepState.allCases where state != .approved {
            let result = StepStateMachine.next(after: .start, from: state, requiresApproval: true)
            #expect(result == .failure(StepTransitionRefusal(from: state, event: .start)))
        }
    }

    @Test("an expired approval never proceeds, and an unknown step is never re-run")
    func expiredAndUnknown() {
        for event in StepEvent.allCases {
            let afterExpiry = StepStateMachine.next(after: event, from: .expired, requiresApproval: true)
            #expect(afterExpiry == .failure(StepTransitionRefusal(from: .expired, event: event)))
        }
        #expect(StepStateMachine.next(after: .start, from: .unknown, requiresApproval: false)
                == .failure(StepTransitionRefusal(from: .unknown, event: .start)))
    }

    @Test("a refusal says what was refused in words")
    func refusalMessage() {
        let refusal = StepTransitionRefusal(from: .succeeded, event: .invalidateApproval)
        #expect(refusal.description == "a step that is succeeded cannot invalidate approval")
    }
}
