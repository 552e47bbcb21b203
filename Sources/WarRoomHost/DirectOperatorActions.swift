import WarRoomModel
import WarRoomStore

/// Operator actions carried out in-process against the cache: the demo's
/// in-process agent, or a CLI or console run by a user who may write the
/// cache. The identity comes from the operating system (see
/// ``SystemIdentity``), never from a flag, except the demo's simulated operator.
public final class DirectOperatorActions: OperatorActions, @unchecked Sendable {
    public let identity: OperatorIdentity
    private let writer: CacheWriter
    private let clock: WallClock
    public init(identity: OperatorIdentity, writer: CacheWriter, clock: WallClock = SystemClock()) {
        self.identity = identity
        self.writer = writer
        self.clock = clock
    }

    /// Now on the agent's clock (a demo's simulated time, from its latest
    /// heartbeat), so decisions line up with the timeline they join.
    private var now: EpochMillis {
        let wall = clock.now
        return AgentHeartbeat.agentNow((try? writer.heartbeat()) ?? nil, wallNow: wall)
    }

    public func decide(_ decision: StepDecision) throws -> ActionOutcome {
        try writer.record(decision, by: identity, at: now)
    }

    public func acknowledge(alertFingerprint: String) throws -> ActionOutcome {
        try writer.acknowledge(alertFingerprint: alertFingerprint, by: identity, at: now)
    }

    public func addNote(incidentID: String, text: String) throws -> ActionOutcome {
        try writer.addNote(incidentID: incidentID, text: text, by: identity, at: now)
    }

    public func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome {
        try writer.pauseAutomation(reason: reason, until: until, by: identity, at: now)
    }

    public func resumeAutomation() throws -> ActionOutcome {
        try writer.resumeAutomation(by: identity, at: now)
    }
}
