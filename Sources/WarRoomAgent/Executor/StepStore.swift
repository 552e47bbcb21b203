import WarRoomModel
import WarRoomStore

/// What the step executor needs of the cache: read the plans, move a step by
/// compare-and-set, add what it learns. The cache's writer is the real one;
/// tests may give another.
public protocol StepStore: AnyObject, Sendable {
    func snapshot(limits: SnapshotLimits) throws -> CacheSnapshot
    /// True when some step may still move (one small query, no snapshot).
    func hasStepsInFlight() throws -> Bool
    /// Moves a step by `event` if it is still in `expected`, `auditNote` in
    /// its audit entry; `nil` when it had moved on.
    @discardableResult
    func transition(planID: String, stepNumber: Int, _ event: StepEvent, expected: StepState, actor: String,
                    output: String?, timeline: String?, auditNote: String?, at now: EpochMillis) throws -> StepState?
    func apply(_ events: [AgentEvent]) throws
    /// Mirrors the decisions and changes a cluster holds that the cache does not have yet.
    func mirror(_ ledger: SharedLedger) throws
    /// Remembers the process group a running step's command leads, and when its leader started.
    func recordProcessGroup(_ group: Int32, startTicks: Int64?, planID: String, stepNumber: Int) throws
}

extension CacheWriter: StepStore {}

extension StepStore {
    /// ``transition(planID:stepNumber:_:expected:actor:output:timeline:auditNote:at:)`` without output or note.
    @discardableResult
    func transition(planID: String, stepNumber: Int, _ event: StepEvent, expected: StepState, actor: String,
                    timeline: String?, at now: EpochMillis) throws -> StepState? {
        try transition(planID: planID, stepNumber: stepNumber, event, expected: expected, actor: actor, output: nil,
                       timeline: timeline, auditNote: nil, at: now)
    }

    /// ``transition(planID:stepNumber:_:expected:actor:output:timeline:auditNote:at:)`` without a note.
    @discardableResult
    func transition(planID: String, stepNumber: Int, _ event: StepEvent, expected: StepState, actor: String,
                    output: String?, timeline: String?, at now: EpochMillis) throws -> StepState? {
        try transition(planID: planID, stepNumber: stepNumber, event, expected: expected, actor: actor, output: output,
                       timeline: timeline, auditNote: nil, at: now)
    }
}
