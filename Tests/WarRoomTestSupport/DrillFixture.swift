import Foundation
import WarRoomAgent
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// A drill played by the simulator on a manual clock, every step that needs
/// it approved by alice (and bob, for a second approver) at one known instant:
/// the same cache, to the millisecond, every run.
public struct DrillFixture {
    public let directory = TemporaryDirectory()
    public let path: String
    /// The simulated instant the four approvals were given at.
    public let approvedAt: EpochMillis
    public let result: DrillResult?

    public init(seed: UInt64 = 7, scenario: DrillScenario = .siteFailure, dryRun: Bool = false,
                approveAfterSeconds: Double = 150, runSeconds: Double = 400) throws {
        path = directory.file("cache.sqlite")
        let start = DemoCacheFixture.start
        let clock = ManualClock(start: start)
        let writer = try CacheWriter(path: path)
        let drillID = try writer.startDrill(scenario: scenario, target: "demo", dryRun: dryRun, by: "alice", at: start)
        var options = DemoRun.Options()
        options.seed = seed
        options.scenario = .drill(scenario)
        options.simulatedStart = start
        options.approvers = ["alice", "bob"]
        options.drill = (titlePrefix: "DRILL \(drillID) · ", dryRun: dryRun)
        options.loop.speed = 30
        options.loop.durationSeconds = approveAfterSeconds / 30
        let simulator = try DemoRun(options: options, writer: writer, clock: clock).run()
        approvedAt = simulator.now
        let plan = try writer.snapshot(limits: .review)
        var single = 0  // steps with one approver take turns: alice, bob, alice, …
        for step in plan.steps where step.requiresApproval {
            let approvers = step.approversRequired > 1 ? ["alice", "bob"] : [single % 2 == 0 ? "alice" : "bob"]
            if step.approversRequired == 1 { single += 1 }
            for who in approvers {
                _ = try writer.record(StepDecision(planID: step.planID, stepNumber: step.number, decision: .approved,
                                                   runbookHash: plan.plans.first?.runbookHash ?? ""),
                                      by: OperatorIdentity(name: who), at: approvedAt)
            }
        }
        var loop = options.loop
        loop.durationSeconds = runSeconds / 30
        let executor = StepExecutor(store: writer, reportOnly: { _ in dryRun })
        try AgentLoop(options: loop, writer: writer, executor: executor, clock: clock)
            .run(sources: [simulator], clockStart: approvedAt)
        result = try writer.drillResults().first
        try writer.close()
    }
}
