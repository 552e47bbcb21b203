import ArgumentParser
import Dispatch
import Foundation
import Logging
import WarRoomAgent
import WarRoomModel
import WarRoomStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the simulated three-site deployment (and, later, the console on it).",
        discussion: """
            The simulator writes to the cache exactly as the agent does. Scenarios: \
            \(Scenario.all.map(\.name).joined(separator: ", ")). The default, primary-power-loss, \
            runs normally for three simulated minutes, then New York loses power: checks fail, \
            alerts fire, an incident opens and a failover plan to London awaits approval.
            A demo starts from an empty cache: an earlier demo's cache is replaced, a real \
            agent's cache or another file is never touched.
            """
    )

    @Flag(name: .long, help: "Run the simulator only, without the console.")
    var headless = false

    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds to run (default: until interrupted).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("Simulated seconds per wall-clock second.", valueName: "factor"))
    var speed: Double = 1

    @Option(name: .long, help: "Seed of the simulation: the same seed gives the same run.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Scripted scenario to play.", valueName: "name"))
    var scenario: String = Scenario.primaryPowerLoss.name

    @Option(name: .long, help: ArgumentHelp("The cache file to write.", valueName: "path"))
    var cache: String?

    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds between agent heartbeats.", valueName: "seconds"))
    var heartbeat: Double = 5

    @Option(name: .long, help: ArgumentHelp("Keep samples for this many simulated hours.", valueName: "hours"))
    var retentionHours: Double = 24

    @Flag(name: .long, help: "Log what the simulator does to standard error.")
    var verbose = false

    func validate() throws {
        guard speed > 0, speed <= 1_000_000, speed.isFinite else {
            throw ValidationError("--speed must be above 0 and at most 1000000 (got \(speed))")
        }
        if let duration, !(duration > 0 && duration.isFinite) {
            throw ValidationError("--duration must be a positive number of seconds (got \(duration))")
        }
        guard heartbeat > 0, heartbeat.isFinite else {
            throw ValidationError("--heartbeat must be a positive number of seconds (got \(heartbeat))")
        }
        guard retentionHours > 0, retentionHours.isFinite else {
            throw ValidationError("--retention-hours must be positive (got \(retentionHours))")
        }
        guard Scenario.named(scenario) != nil else {
            throw ValidationError("unknown --scenario '\(scenario)'; known: \(Scenario.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        guard headless else {
            throw CommandFailure.exit("the live console is not built yet; run `warroom demo --headless` and read it with `warroom status`")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
        let path = CachePath.resolve(cache)
        let writer: CacheWriter
        do {
            try DemoCache.prepareFresh(at: path)
            writer = try CacheWriter(path: path)
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        } catch let error as DemoCache.Refusal {
            throw CommandFailure.exit(error.message)
        }
        var options = DemoRun.Options()
        options.seed = seed
        options.scenario = Scenario.named(scenario) ?? .primaryPowerLoss
        options.speed = speed
        options.durationSeconds = duration
        options.heartbeatIntervalSeconds = heartbeat
        options.retentionSeconds = retentionHours * 3600
        let run = DemoRun(options: options, writer: writer)
        let signals = StopSignals { run.stop() }
        defer { signals.cancel() }
        do {
            try run.run()
            try writer.close()
        } catch {
            throw CommandFailure.exit("\(path): the demo stopped: \(error)")
        }
    }
}

/// Turns SIGINT and SIGTERM into a clean stop, so the last batch and
/// heartbeat are written and the cache is closed.
final class StopSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
