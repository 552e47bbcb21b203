import ArgumentParser
import WarRoomAgent
import WarRoomOperators
import WarRoomProbes

/// How the simulator runs, for `warroom demo` and `warroom drill --demo`.
struct SimulationOptions: ParsableArguments {
    @Flag(name: .long, help: "Run the simulator only, without the console (approve with `warroom approve`).")
    var headless = false

    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds to run (default: until interrupted).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("Simulated seconds per wall-clock second.", valueName: "factor"))
    var speed: Double = 1

    @Option(name: .long, help: "Seed of the simulation: the same seed gives the same run.")
    var seed: UInt64 = 1

    @OptionGroup var cache: CacheOption

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act in the console as a simulated second operator NAME (the two-person rule; marked simulated in the audit).",
        valueName: "name"))
    var simulatedOperator: String?

    /// The run these options ask for, playing `scenario`. Its operators may
    /// approve the plan: this user, and the simulated one if any.
    func runOptions(scenario: Scenario) -> DemoRun.Options {
        var options = DemoRun.Options()
        options.seed = seed
        options.scenario = scenario
        options.loop.speed = speed
        options.loop.durationSeconds = duration
        options.approvers = [SystemIdentity.current().name] + (simulatedOperator.map { [$0] } ?? [])
        return options
    }

    func validate() throws {
        guard speed > 0, speed <= 1_000_000, speed.isFinite else {
            throw ValidationError("--speed must be above 0 and at most 1000000 (got \(speed))")
        }
        if let duration, !(duration > 0 && duration.isFinite) {
            throw ValidationError("--duration must be a positive number of seconds (got \(duration))")
        }
    }
}
