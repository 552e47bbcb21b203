import ArgumentParser
import Foundation
import WarRoomClock
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print one snapshot of the cache: sites, replication, alerts, incidents.",
        discussion: """
            Exit status: 0 when the data is fresh; 3 while a split brain holds (two stores of one \
            data type answer as primaries); 2 when the agent's heartbeat is older than \
            three intervals (the report still prints, marked stale); 1 when the cache is missing, \
            unreadable, not a warroom cache, or from a newer warroom.
            """
    )

    @OptionGroup var cache: CacheOption

    /// The flags' names, as ``StatusFastPath`` matches them.
    static let jsonFlag = "json", utcFlag = "utc"

    @Flag(name: .customLong(StatusCommand.jsonFlag), help: "Print JSON (keys documented in the README).")
    var json = false

    @Flag(name: .customLong(StatusCommand.utcFlag), help: "Show times in UTC instead of the local zone.")
    var utc = false

    func run() throws {
        let code = try Self.report(cachePath: cache.path(), json: json, utc: utc)
        if code != 0 { throw ExitCode(code) }
    }

    /// Prints the report; returns its exit status (``StatusReport/exitCode``).
    /// Shared with ``StatusFastPath``, which calls it without parsing the command line.
    static func report(cachePath path: String, json: Bool, utc: Bool) throws -> Int32 {
        let reader = try CacheAccess.reader(path)
        let report: StatusReport
        do {
            report = StatusReport(snapshot: try reader.snapshot(limits: .status), wallNow: SystemClock().now,
                                  version: BuildInfo.version)
            try? reader.close()
        } catch {
            throw CommandFailure.exit("\(error)")
        }
        if json {
            print(try ReportJSON.text(report))
        } else {
            let clock = utc ? ClockText.utc : ClockText(timeZone: .current)
            print(StatusText(clock: clock).render(report, cachePath: path), terminator: "")
        }
        return report.exitCode
    }
}
