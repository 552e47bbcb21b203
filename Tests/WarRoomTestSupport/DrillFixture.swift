import Foundation
import WarRoomAgent
import WarRoomHost
import WarRoomModel
import WarRoomProbes
import WarRoomStore

/// A site-failure drill played by the simulator on a manual clock, approved
/// by alice and bob at known instants: the same cache, to the millisecond, every run.
public struct DrillFixture {
    public let directory = TemporaryDirectory()
    public let path: String
    /// The simulated instant the four approvals were given at.
    public let approvedAt: EpochMillis
    public let result: DrillResult?

    public init(seed: UInt64 = 7, approveAfterSeconds: Double = 150, runSeconds: Double = 400) throws {
        path = directory.file("cache.sqlite")
        let start = DemoCacheFixture.start
        let clock = ManualClock(start: start)
        let writer = try CacheWriter(path: path)
        let drillID = try writer.startDrill(scenario: .siteFailure, target: "demo", dryRun: false, by: "alice", at: start)
        var options = DemoRun.Options()
        options.seed = seed
        options.scenario = .siteFailure
        options.simulatedStart = start
        options.approvers = ["alice", "bob"]
        options.drill = (titlePrefix: "DRILL \(drillID) · ", dryRun: false)
        options.loop.speed = 30
        options.loop.durationSeconds = approveAfterSeconds / 30
        let simulator = try DemoRun(options: options, writer: writer, clock: clock).run()
        approvedAt = simulator.now
        for (step, who) in [(2, "alice"), (4, "alice"), (4, "bob"), (5, "bob"), (6, "alice")] {
            _ = try writer.record(StepDecision(planID: "PLAN-0001", stepNumber: step, decision: .approved,
                                               runbookHash: try Self.runbookHash(writer)),
                                  by: OperatorIdentity(name: who), at: approvedAt)
        }
        var loop = options.loop
        loop.durationSeconds = runSeconds / 30
        try AgentLoop(options: loop, writer: writer, clock: clock).run(sources: [simulator], clockStart: approvedAt)
        result = try writer.drillResults().first
        try writer.close()
    }

    private static func runbookHash(_ writer: CacheWriter) throws -> String {
        try writer.snapshot(limits: .review).plans.first?.runbookHash ?? ""
    }
}
