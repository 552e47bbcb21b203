import ArgumentParser
import Foundation
import WarRoomStatus

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: StatusNames.command,
        abstract: "Print one snapshot of the cache: sites, replication, alerts, incidents.",
        discussion: """
            Exit status: 0 when the data is fresh; 3 while a split brain holds (two stores of one \
            data type answer as primaries); 2 when the agent's heartbeat is older than \
            three intervals (the report still prints, marked stale); 1 when the cache is missing, \
            unreadable, not a warroom cache, or from a newer warroom.
            """
    )

    @OptionGroup var cache: CacheOption

    @Flag(name: .customLong(StatusNames.json), help: "Print JSON (keys documented in the README).")
    var json = false

    @Flag(name: .customLong(StatusNames.utc), help: "Show times in UTC instead of the local zone.")
    var utc = false

    func run() throws {
        let code: Int32
        do {
            code = try StatusRun.report(cachePath: cache.path(), json: json, utc: utc, version: BuildInfo.version)
        } catch {
            throw CommandFailure.exit(error.description)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
