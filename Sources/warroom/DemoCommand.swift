import ArgumentParser
import Dispatch
import Foundation
import Logging
import WarRoomAgent
import WarRoomModel
import WarRoomProbes
import WarRoomStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the simulated three-site deployment with the console on it.",
        discussion: """
            The simulator writes to the cache exactly as the agent does. Scenarios: \
            \(Scenario.all.map(\.name).joined(separator: ", ")). The default, primary-power-loss, \
            runs normally for three simulated minutes, then New York loses power: checks fail, \
            alerts fire, an incident opens and a failover plan to London awaits approval.
            Without --headless the console starts at once on a temporary cache (removed on exit) \
            unless --cache names one; --duration then stops only the simulator, so the console \
            shows the data going stale. With --headless the default cache is the one \
            `warroom status` reads.
            A demo starts from an empty cache: an earlier demo's cache is replaced, a real \
            agent's cache or another file is never touched.
            """
    )

    @OptionGroup(title: "Simulation")
    var simulation: SimulationOptions

    @Option(name: .long, help: ArgumentHelp("Scripted scenario to play.", valueName: "name"))
    var scenario: String = Scenario.primaryPowerLoss.name


    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds between agent heartbeats.", valueName: "seconds"))
    var heartbeat: Double = 5

    @Option(name: .long, help: ArgumentHelp("Keep samples for this many simulated hours.", valueName: "hours"))
    var retentionHours: Double = 24

    @Flag(name: .long, help: "Log what the simulator does to standard error.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp(
        "Propose this runbook (YAML, New York → London) instead of the built-in one.", valueName: "file"))
    var runbook: String?


    @OptionGroup(title: "Operator socket")
    var socket: SocketOptions

    @OptionGroup(title: "Console")
    var display: ConsoleDisplayOptions

    func validate() throws {
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
        var runbook: Runbook?
        if let file = self.runbook {
            do {
                runbook = try RunbookFile.load(path: file)
            } catch {
                throw CommandFailure.exit("\(error.description); nothing was started")
            }
            if let runbook, runbook.fromSiteID != DemoTopology.primary || runbook.toSiteID != DemoTopology.hotStandby {
                throw CommandFailure.exit("\(file): the demo fails over \(DemoTopology.primary) → \(DemoTopology.hotStandby); this runbook goes \(runbook.fromSiteID) → \(runbook.toSiteID)")
            }
        }
        DemoSession.bootstrapLogging(verbose: verbose, headless: simulation.headless)
        let temporaryFolder = simulation.headless || simulation.cache.given != nil ? nil : DemoCache.makeTemporaryFolder()
        let path = temporaryFolder.map { $0 + "/cache.sqlite" } ?? simulation.cache.path(for: .demo)
        defer { if let temporaryFolder { try? FileManager.default.removeItem(atPath: temporaryFolder) } }
        let writer: CacheWriter
        do {
            try DemoCache.prepareFresh(at: path)
            writer = try CacheWriter(path: path)
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        } catch let error as DemoCache.Refusal {
            throw CommandFailure.exit(error.message)
        }
        var options = runOptions()
        options.runbook = runbook
        let run = try DemoRun(options: options, writer: writer)
        try DemoSession.run(run, path: path, writer: writer, headless: simulation.headless, socket: socket, display: display,
                            simulatedOperator: simulation.simulatedOperator)
    }

    private func runOptions() -> DemoRun.Options {
        var options = simulation.runOptions(scenario: Scenario.named(scenario) ?? .primaryPowerLoss)
        options.loop.heartbeatIntervalSeconds = heartbeat
        options.loop.retentionSeconds = retentionHours * 3600
        return options
    }
}
