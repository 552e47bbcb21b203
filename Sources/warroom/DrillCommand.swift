import ArgumentParser
import Foundation
import WarRoomAgent
import WarRoomConsole
import WarRoomClock
import WarRoomOperators
import WarRoomModel
import WarRoomReports
import WarRoomProbes
import WarRoomStore

/// `warroom drill SCENARIO` runs a DR test; `warroom drill report` sums up the
/// drills on record.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Run a DR drill, or report on the drills on record.",
        subcommands: [Run.self, Report.self],
        defaultSubcommand: Run.self
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a DR drill with the console on it (the default: `warroom drill site-failure --demo`).",
            discussion: """
                A drill raises an incident marked DRILL, proposes the failover plan and waits for real \
                approvals from the keyboard (or `warroom approve`), marked drill in the audit. When the \
                plan has ended, the drill resolves its incident and keeps its result: failover time, \
                RTO per service, RPO per data type at promotion, each step and each approval's wait. \
                `warroom drill report` and the console's Drills screen (key 6) show the history.
                --demo plays the scenario in the simulator on the cache `warroom status` reads (a demo \
                cache, replaced; earlier drills' results are kept). --config PATH asks the agent running \
                that configuration (on --cache) to take its primary site as failed, touching nothing \
                there, and to propose its failover runbook: only the steps marked `drill: safe` run. \
                With --dry-run no step runs: each is reported as what it would have run.
                """
        )

        @Argument(help: ArgumentHelp("The scenario: \(DrillScenario.allCases.map(\.rawValue).joined(separator: ", ")).",
                                     valueName: "scenario"))
        var scenario: String

        @Flag(name: .long, help: "Drill against the simulator.")
        var demo = false

        @Option(name: .long, help: ArgumentHelp("Drill against the agent configured by this file.", valueName: "path"))
        var config: String?

        @Flag(name: .long, help: "Run no step: report what each would have run.")
        var dryRun = false

        @OptionGroup(title: "Simulation")
        var simulation: SimulationOptions

        @OptionGroup(title: "Operator socket")
        var socket: SocketOptions

        @OptionGroup(title: "Console")
        var display: ConsoleDisplayOptions

        func validate() throws {
            guard DrillScenario(rawValue: scenario) != nil else {
                throw ValidationError("unknown scenario '\(scenario)'; known: \(DrillScenario.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard demo != (config != nil) else { throw ValidationError("say what to drill against: --demo or --config PATH") }
            if config != nil { return }
            guard simulation.simulatedOperator != nil else {
                // The demo runbook's promotion needs two approvers, and only this user and the simulated one may approve.
                throw ValidationError("the drill's promotion needs two approvers: pass --as NAME for the second operator at this keyboard")
            }
        }

        func run() throws {
            let scenario = DrillScenario(rawValue: scenario) ?? .siteFailure
            if let config { return try drillAgent(configPath: config, scenario: scenario) }
            DemoSession.bootstrapLogging(verbose: false, headless: simulation.headless)
            let path = simulation.cache.path(for: .demo)
            let history = DrillHistory.carried(from: path)
            let writer: CacheWriter
            let start = SystemClock().now
            let drillID: String
            do {
                try DemoCache.prepareFresh(at: path)
                writer = try CacheWriter(path: path)
                try writer.restoreDrillHistory(history)
                drillID = try writer.startDrill(scenario: scenario, target: "demo", dryRun: dryRun,
                                                by: SystemIdentity.current().name, at: start)
            } catch let error as CacheError {
                throw CommandFailure.exit(error.description)
            } catch let error as DemoCache.Refusal {
                throw CommandFailure.exit(error.message)
            }
            var options = simulation.runOptions(scenario: .drill(scenario))
            options.simulatedStart = start
            options.drill = (titlePrefix: "DRILL \(drillID) · ", dryRun: dryRun)
            try DemoSession.run(try DemoRun(options: options, writer: writer), path: path, writer: writer, headless: simulation.headless,
                                socket: socket, display: display, simulatedOperator: simulation.simulatedOperator)
            try DrillHistory.sayHowItEnded(drillID, path: path)
        }

        /// A drill against the agent that runs `configPath`: the agent starts it
        /// (it runs the steps), this opens the console on its cache.
        private func drillAgent(configPath: String, scenario: DrillScenario) throws {
            let configuration: AgentConfig
            switch ConfigFile.load(path: configPath) {
            case .success(let loaded): configuration = loaded
            case .failure(let invalid): throw CommandFailure.invalid(invalid, path: configPath, outcome: "no drill was started")
            }
            let ground: (site: Site, route: AgentConfig.FailoverRoute, configuration: AgentConfig)
            let path = simulation.cache.path()
            // The roles as the agent's cache sees them: after a failover, the promoted site is the primary.
            let current = (try? CacheReader(path: path).snapshot(limits: .status).sites) ?? []
            switch RunningConfiguration(configuration).plan(scenario, current: current, runbookHash: nil) {
            case .success(let found): ground = found
            case .failure(let refusal): throw CommandFailure.exit("\(configPath): \(refusal.reason)")
            }
            guard let agent = SocketOperatorActions.forCache(path, identity: SystemIdentity.current()) else {
                throw CommandFailure.exit("\(path): no agent is listening on its socket; a drill needs the agent running "
                                          + "(`warroom agent --config \(configPath) --cache \(path)`) to run its steps")
            }
            switch try agent.startDrill(scenario, dryRun: dryRun, runbookHash: ground.route.runbook.contentHash) {
            case .recorded(let message, _): print(TerminalText.sanitize(message))
            case .refused(let refusal): throw CommandFailure.exit("refused: \(refusal.reason)")
            }
            guard !simulation.headless else {
                print("approve its steps in `warroom console --cache \(path)` or with `warroom approve`; its result: `warroom drill report`")
                return
            }
            try ConsoleLauncher.run(cachePath: path, display: display)
            try DrillHistory.sayWhereDrillsStand(path: path)
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Compliance over a period: success rate, mean recovery time, RTO and RPO compliance.")

        @Option(name: .long, help: ArgumentHelp("Only drills started on or after this day (YYYY-MM-DD, UTC).", valueName: "date"))
        var since: String?

        @Option(name: .long, help: "markdown or json.")
        var format: String = "markdown"

        @OptionGroup var cache: CacheOption

        func validate() throws {
            guard ["markdown", "json"].contains(format) else {
                throw ValidationError("--format must be markdown or json (got '\(format)')")
            }
            if let since, DayText.start(of: since) == nil {
                throw ValidationError("--since must be a day as YYYY-MM-DD (got '\(since)')")
            }
        }

        func run() throws {
            let reader = try CacheAccess.reader(cache.path())
            let results: [DrillResult]
            do {
                results = try reader.drillResults(since: since.flatMap(DayText.start))
            } catch let error as CacheError {
                throw CommandFailure.exit(error.description)
            } catch let error as DrillRecordError {
                throw CommandFailure.exit("\(reader.path): \(error.description)")
            }
            let report = DrillReport(results: results, since: since.flatMap(DayText.start))
            print(format == "json" ? try report.json() : report.markdown(), terminator: "")
        }
    }
}

/// A day as `YYYY-MM-DD`, read as its first instant in UTC.
enum DayText {
    static func start(of text: String) -> EpochMillis? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // 2026-02-30 would roll over to March: refuse a day the calendar does not have.
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return EpochMillis(date.timeIntervalSince1970 * 1000)
    }
}
