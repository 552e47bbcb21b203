import Foundation
import Logging
import WarRoomModel
import WarRoomStore

/// The agent without probes (they come with the probe work): it keeps an
/// existing cache's heartbeat, runs approved steps, serves operator actions
/// on its socket, and keeps the WAL and samples bounded. On start it marks
/// steps a dead agent left running as `unknown`.
public final class AgentRun: @unchecked Sendable {
    public struct Options: Sendable {
        public var heartbeatIntervalSeconds: Double = 5
        public var checkpointIntervalSeconds: Double = 30
        public var retentionSeconds: Double = 24 * 3600
        public var tickSeconds: Double = 0.2

        public init() {}
    }

    private let options: Options
    private let writer: CacheWriter
    private let clock: WallClock
    private let logger: Logger
    private let stopRequest = StopRequest()

    public init(options: Options, writer: CacheWriter, clock: WallClock = SystemClock(),
                logger: Logger = Logger(label: "warroom.agent")) {
        self.options = options
        self.writer = writer
        self.clock = clock
        self.logger = logger
    }

    public func stop() {
        stopRequest.request()
    }

    public func run() throws {
        let started = clock.now
        let executor = StepExecutor(writer: writer)
        try executor.recoverInterruptedSteps(at: started)
        var chores = AgentChores(heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
                                 checkpointIntervalSeconds: options.checkpointIntervalSeconds,
                                 retentionSeconds: options.retentionSeconds, wallStart: started, firstPruneAt: started)
        while !stopRequest.isRequested {
            let now = clock.now
            try executor.tickIfBusy(clockNow: now, wallNow: now)
            try chores.run(writer: writer, wallNow: now, clockNow: now, logger: logger) {
                AgentHeartbeat(agentName: "agent", processID: ProcessInfo.processInfo.processIdentifier, wallAt: now,
                               clockAt: now, clockSpeed: 1, intervalSeconds: options.heartbeatIntervalSeconds, startedAt: started)
            }
            clock.sleep(seconds: options.tickSeconds)
        }
        writer.checkpoint()
    }
}
