import ArgumentParser
import WarRoomConsole

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Watch the cache live: sites, replication, alerts, incident, failover.",
        discussion: """
            Keys: 1-5 or Tab switch screens, ? shows every key, q quits. The console only reads \
            the cache; when the agent stops reporting, a STALE banner says so and nothing is green.
            """
    )

    @OptionGroup var cache: CacheOption

    @OptionGroup var display: ConsoleDisplayOptions

    func run() throws {
        try ConsoleLauncher.run(cachePath: cache.path(), display: display)
    }
}
