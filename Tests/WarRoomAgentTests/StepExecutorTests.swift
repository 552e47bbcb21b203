import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes
import WarRoomStore
import WarRoomTestSupport

@Suite("Step executor")
struct StepExecutorTests {
    static let runbookText = """
        name: Failover to London
        from: new-york
        to: london
        approvers: { users: [alice, bob] }
        approval_timeout: 10m
        steps:
          - id: check
            title: Check
            command: [/bin/sh, -c, "echo checked $STEP_NAME"]
            env: { STEP_NAME: check }
          - id: promote
            title: Promote London
            command: [/bin/sh, -c, "echo promoted"]
            approval: required
            preflight: { target_healthy: true, replication_within_rpo: [session-state] }
          - id: slow
            title: Slow step
            command: [/bin/sleep, "30"]
            timeout: 1s
            approval: required
        """

    let dir = TemporaryDirectory()
    let writer: CacheWriter
    let runbook: Runbook
    let now: EpochMillis = 1_795_424_400_000

    init() throws {
        writer = try CacheWriter(path: dir.file("cache.sqlite"))
        runbook = try RunbookFile.parse(Self.runbookText, file: "test.yaml")
        let (plan, steps) = runbook.plan(id: "PLAN-0001", incidentID: "INC-0001", proposedBy: "agent", at: now)
        try writer.apply([
            .topology(sites: DemoTopology.example.sites, services: DemoTopology.example.services, links: DemoTopology.example.links),
            .incident(Incident(id: "INC-0001", title: "NY down", severity: .sev1, status: .investigating, commander: nil,
                               serviceID: "core-mcp", impactStartedAt: now, openedAt: now)),
            .plan(plan, steps: steps),
        ])
        try healthy(lag: 0.03)
    }

    /// London healthy, a fresh heartbeat, session-state lag to London as given.
    func healthy(lag: Double) throws {
        try writer.apply(DemoTopology.example.services.map {
            .health(HealthCheck(siteID: "london", serviceID: $0.id, state: .ok, latencyMs: 40, errorRate: 0, observedAt: now))
        } + [.replication(ReplicationObservation(linkID: "session-state:new-york>london", state: .streaming, observedAt: now,
                                               lagSeconds: lag, lagBytes: 10, primarySeenAt: now, dataAtRiskSeconds: lag,
                                               dataAtRiskBytes: 10))])
        try writer.beat(AgentHeartbeat(agentName: "agent", processID: 1, wallAt: now, clockAt: now, clockSpeed: 1,
                                       intervalSeconds: 5, startedAt: now))
    }

    func approve(_ step: Int, override: Bool = false, at: EpochMillis? = nil) throws {
        _ = try writer.record(StepDecision(planID: "PLAN-0001", stepNumber: step, decision: .approved,
                                           runbookHash: runbook.contentHash, overridePreflight: override),
                              by: OperatorIdentity(name: "alice"), at: at ?? now + 1)
    }

    /// Ticks until `step` reaches a state in `until` (or 10 s pass).
    func run(_ executor: StepExecutor, step: Int, until: Set<StepState>, at clock: EpochMillis? = nil) throws -> PlanStep? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            try executor.tick(snapshot: writer.snapshot(), clockNow: clock ?? now + 2, wallNow: now + 2)
            if let current = try writer.snapshot().steps.first(where: { $0.number == step }), until.contains(current.state) {
                return current
            }
            usleep(20_000)
        }
        return try writer.snapshot().steps.first { $0.number == step }
    }

    @Test("a step needing no approval runs; one needing approval waits for it")
    func runsInOrder() throws {
        let executor = StepExecutor(store: writer)
        let first = try run(executor, step: 1, until: [.succeeded, .failed])
        #expect(first?.state == .succeeded)
        #expect(first?.output == "checked check\n")
        try executor.tick(snapshot: writer.snapshot(), clockNow: now + 2, wallNow: now + 2)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .awaitingApproval)
        try approve(2)
        #expect(try run(executor, step: 2, until: [.succeeded, .failed])?.state == .succeeded)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains("Step 2 succeeded: promoted"))
    }

    @Test("while automatic failover is paused a step needing no approval waits, saying why once; resumed, it runs")
    func pausedAutomation() throws {
        try writer.apply([.automation(approvers: ApproverPolicy(users: ["alice"]), antiFlapSeconds: 600)])
        let alice = OperatorIdentity(name: "alice")
        #expect(try writer.pauseAutomation(reason: "network work", until: nil, by: alice, at: now).isRecorded)
        let executor = StepExecutor(store: writer)
        for _ in 0..<3 { try executor.tick(snapshot: writer.snapshot(), clockNow: now + 2, wallNow: now + 2) }
        let snapshot = try writer.snapshot(limits: .review)
        #expect(snapshot.steps.first { $0.number == 1 }?.state == .pending)
        #expect(snapshot.timeline.items.filter { $0.text.contains("waits: automatic failover is paused by alice (network work)") }.count == 1)
        #expect(try writer.resumeAutomation(by: alice, at: now + 3).isRecorded)
        #expect(try run(executor, step: 1, until: [.succeeded, .failed], at: now + 4)?.state == .succeeded)
        let audit = try writer.auditTrail().map(\.action)
        #expect(audit.contains("pause") && audit.contains("resume"))
    }

    @Test("pausing is refused for someone who is not an approver, and the refusal is audited")
    func pauseRefused() throws {
        try writer.apply([.automation(approvers: ApproverPolicy(users: ["alice"]), antiFlapSeconds: 600)])
        let outcome = try writer.pauseAutomation(reason: "x", until: nil, by: OperatorIdentity(name: "eve"), at: now)
        #expect(outcome == .refused(ActionRefusal("eve may not pause automatic failover: only users alice may")))
        #expect(try writer.automation()?.pause == nil)
        #expect(try writer.auditTrail().last?.detail == "pause: eve may not pause automatic failover: only users alice may")
    }

    @Test("a pre-flight that no longer holds sends the step back for approval, with the reason")
    func preflightInvalidates() throws {
        let executor = StepExecutor(store: writer)
        _ = try run(executor, step: 1, until: [.succeeded])
        try approve(2)
        try healthy(lag: 41)
        #expect(try run(executor, step: 2, until: [.awaitingApproval])?.state == .awaitingApproval)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains { $0.contains("London replication for session-state is 41 s behind; RPO 5 s") })
        // The old approval no longer counts; an explicit override runs it.
        try approve(2, override: true, at: now + 3)
        #expect(try run(executor, step: 2, until: [.succeeded])?.state == .succeeded)
    }

    @Test("an approval that waits past approval_timeout expires: never approved by default")
    func expires() throws {
        let executor = StepExecutor(store: writer)
        _ = try run(executor, step: 1, until: [.succeeded])
        let later = now.adding(seconds: 601)
        let expired = try run(executor, step: 2, until: [.expired], at: later)
        #expect(expired?.state == .expired)
        let timeline = try writer.snapshot(limits: .review).timeline.items
        #expect(timeline.contains { $0.kind == .escalation })
        try approve(2)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .expired)
    }

    @Test("a step that outlives its timeout is killed and stops the plan")
    func timesOut() throws {
        let executor = StepExecutor(store: writer)
        _ = try run(executor, step: 1, until: [.succeeded])
        try approve(2)
        _ = try run(executor, step: 2, until: [.succeeded])
        try approve(3)
        let slow = try run(executor, step: 3, until: [.timedOut, .failed, .succeeded])
        #expect(slow?.state == .timedOut)
        #expect(slow?.output.contains("timed out") == true)
    }

    @Test("after a restart, a step left running becomes unknown and is never run again")
    func crashSafety() throws {
        let dying = StepExecutor(store: writer)
        _ = try run(dying, step: 1, until: [.succeeded])
        try approve(2)
        try writer.rawExecuteForTesting("UPDATE plan_step SET state = 'running' WHERE number = 2")
        let restarted = StepExecutor(store: writer)
        try restarted.recoverInterruptedSteps(at: now + 5)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .unknown)
        for _ in 0..<5 { try restarted.tick(snapshot: writer.snapshot(), clockNow: now + 6, wallNow: now + 6) }
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .unknown)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains { $0.contains("its outcome is unknown. Verify it by hand") })
    }

    @Test("after a restart, a step whose process group still runs is watched, never re-run, then unknown once it ends")
    func liveOrphan() throws {
        let groups = ProcessGroups(alive: [4242])
        try approve(2)
        try writer.rawExecuteForTesting("""
            UPDATE plan_step SET state = 'succeeded' WHERE number = 1;
            UPDATE plan_step SET state = 'running', process_group = 4242 WHERE number = 2
            """)
        let restarted = StepExecutor(store: writer, runner: groups)
        try restarted.recoverInterruptedSteps(at: now + 5)
        for _ in 0..<3 { try restarted.tick(snapshot: writer.snapshot(), clockNow: now + 6, wallNow: now + 6) }
        let waiting = try #require(try writer.snapshot().steps.first { $0.number == 2 })
        #expect(waiting.state == .running)
        #expect(waiting.output.contains("still running (pid 4242), not re-run"))
        #expect(groups.started.isEmpty, "nothing was started again")
        groups.alive = []
        try restarted.tick(snapshot: writer.snapshot(), clockNow: now + 7, wallNow: now + 7)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .unknown)
        let timeline = try writer.snapshot(limits: .review).timeline.items.map(\.text)
        #expect(timeline.contains { $0.contains("is still running (pid 4242)") })
        #expect(timeline.contains { $0.contains("ended (pid 4242) while no agent watched it") })
    }

    @Test("after a restart, a step whose process group is gone becomes unknown at once")
    func deadOrphan() throws {
        try approve(2)
        try writer.rawExecuteForTesting("UPDATE plan_step SET state = 'running', process_group = 4243 WHERE number = 2")
        let restarted = StepExecutor(store: writer, runner: ProcessGroups(alive: []))
        try restarted.recoverInterruptedSteps(at: now + 5)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .unknown)
    }

    @Test("after a restart, a recorded group whose number now belongs to a newer process is not taken for the step")
    func reusedProcessGroup() throws {
        // A real process group leader stands for the newer process that got the step's old number.
        let other = try LiveProcessGroup()
        defer { other.stop() }
        let stale = try #require(other.leader.startTicks) - 1
        try approve(2)
        try writer.rawExecuteForTesting("""
            UPDATE plan_step SET state = 'running', process_group = \(other.leader.group), process_start_ticks = \(stale)
            WHERE number = 2
            """)
        let restarted = StepExecutor(store: writer)
        try restarted.recoverInterruptedSteps(at: now + 5)
        #expect(try writer.snapshot().steps.first { $0.number == 2 }?.state == .unknown,
                "the old step's group is gone: its outcome is unknown, not 'still running'")
        #expect(CommandRunner().isRunning(other.leader), "the group with the matching start time is seen running")
    }

    @Test("a running command's process group is recorded, and the real runner sees it exist")
    func recordsProcessGroup() throws {
        let executor = StepExecutor(store: writer)
        _ = try run(executor, step: 1, until: [.succeeded])
        try approve(2)
        _ = try run(executor, step: 2, until: [.succeeded])
        try approve(3)
        let running = try run(executor, step: 3, until: [.running])
        let deadline = Date().addingTimeInterval(5)
        var group: Int32?
        while group == nil && Date() < deadline {
            group = try writer.snapshot().steps.first { $0.number == 3 }?.processGroup
            usleep(20_000)
        }
        #expect(running?.state == .running)
        let recorded = try #require(group)
        let ticks = try writer.snapshot().steps.first { $0.number == 3 }?.processStartTicks
        #expect(ticks != nil && ticks == ProcessGroupLeader.startTicks(ofProcess: recorded), "the leader's start time is kept")
        #expect(CommandRunner().isRunning(ProcessGroupLeader(group: recorded, startTicks: ticks)))
    }

    @Test("a failed step stops the plan and offers its rollback, which needs approval and then rolls it back")
    func rollback() throws {
        let text = """
            name: Failover to London
            from: new-york
            to: london
            approvers: { users: [alice] }
            steps:
              - id: breaks
                title: Breaks
                command: [/bin/sh, -c, "echo oops; exit 4"]
                approval: required
                rollback: { command: [/bin/echo, undone] }
              - id: after
                title: Never reached
                command: [/bin/true]
            """
        let runbook = try RunbookFile.parse(text, file: "r.yaml")
        let (plan, steps) = runbook.plan(id: "PLAN-0002", incidentID: "INC-0001", proposedBy: "agent", at: now)
        try writer.apply([.plan(plan, steps: steps)])
        _ = try writer.record(StepDecision(planID: "PLAN-0002", stepNumber: 1, decision: .approved, runbookHash: runbook.contentHash),
                              by: OperatorIdentity(name: "alice"), at: now + 1)
        let executor = StepExecutor(store: writer)
        func step(_ number: Int) throws -> PlanStep? {
            try writer.snapshot().steps.first { $0.planID == "PLAN-0002" && $0.number == number }
        }
        let deadline = Date().addingTimeInterval(10)
        while try step(3) == nil, Date() < deadline {
            try executor.tick(snapshot: writer.snapshot(), clockNow: now + 2, wallNow: now + 2)
            usleep(20_000)
        }
        #expect(try step(1)?.state == .failed)
        #expect(try step(1)?.output.contains("[exit status 4]") == true)
        let failedLine = try writer.snapshot(limits: .review).timeline.items.map(\.text).first { $0.hasPrefix("Step 1 failed") }
        #expect(failedLine?.hasPrefix("Step 1 failed: oops | [exit status 4]. The plan stops here.") == true,
                "the timeline shows the output's lines, not only its first")
        #expect(try step(2)?.state == .pending, "the plan stops at the failure")
        let offered = try #require(try step(3))
        #expect(offered.state == .awaitingApproval)
        #expect(offered.title == "Roll back step 1: Breaks")
        _ = try writer.record(StepDecision(planID: "PLAN-0002", stepNumber: 3, decision: .approved, runbookHash: runbook.contentHash),
                              by: OperatorIdentity(name: "alice"), at: now + 3)
        while try step(1)?.state != .rolledBack, Date() < deadline {
            try executor.tick(snapshot: writer.snapshot(), clockNow: now + 4, wallNow: now + 4)
            usleep(20_000)
        }
        #expect(try step(3)?.state == .succeeded)
        #expect(try step(1)?.state == .rolledBack)
        #expect(try step(2)?.state == .pending)
    }
}

/// Process groups as a test says they are; nothing is ever started.
final class ProcessGroups: ProcessRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var groups: Set<Int32>
    private(set) var started: [ProcessInvocation] = []

    init(alive: Set<Int32>) {
        groups = alive
    }

    var alive: Set<Int32> {
        get { lock.withLock { groups } }
        set { lock.withLock { groups = newValue } }
    }

    func run(_ invocation: ProcessInvocation, started: @escaping @Sendable (ProcessGroupLeader) -> Void) -> CommandResult {
        lock.withLock { self.started.append(invocation) }
        return CommandResult(ending: .failedToStart("not in tests"), output: "", truncated: false)
    }

    func isRunning(_ leader: ProcessGroupLeader) -> Bool {
        alive.contains(leader.group)
    }
}

/// A real process leading its own group (`sleep 60`), stopped by the test.
final class LiveProcessGroup: @unchecked Sendable {
    let leader: ProcessGroupLeader
    private let ended = DispatchSemaphore(value: 0)

    init() throws {
        let told = DispatchSemaphore(value: 0)
        let box = LeaderBox()
        let ended = self.ended
        Thread {
            _ = CommandRunner.run(argv: ["/bin/sleep", "60"], timeoutSeconds: 60, graceSeconds: 1) { leader in
                box.leader = leader
                told.signal()
            }
            ended.signal()
        }.start()
        guard told.wait(timeout: .now() + 10) == .success, let leader = box.leader else {
            throw CommandRunnerTestError.didNotStart
        }
        self.leader = leader
    }

    /// Kills the group and waits for the runner to see it end.
    func stop() {
        kill(-leader.group, SIGKILL)
        _ = ended.wait(timeout: .now() + 10)
    }

    private final class LeaderBox: @unchecked Sendable {
        var leader: ProcessGroupLeader?
    }
}

enum CommandRunnerTestError: Error {
    case didNotStart
}
