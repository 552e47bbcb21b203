import Foundation
import WarRoomClock
import WarRoomModel
import WarRoomReports
import WarRoomStore

/// The names `warroom status` is called with: the full command declares its
/// options with them and ``StatusFastPath`` matches them, so the two cannot drift.
package enum StatusNames {
    package static let command = "status"
    package static let json = "json", utc = "utc", cache = "cache"
}

/// `warroom status` once its options are known: the report printed and its
/// exit status. The full program's command and the packaged launcher both run
/// this, so the two give the same report, the same messages and the same status.
package enum StatusRun {
    /// Why there is no report, in one line naming the cache.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Prints the report; returns its exit status (``StatusReport/exitCode``).
    package static func report(cachePath path: String, json: Bool, utc: Bool, version: String) throws(Failure) -> Int32 {
        let report: StatusReport
        do {
            let reader = try CacheReader(path: path)
            report = StatusReport(snapshot: try reader.snapshot(limits: .status), wallNow: SystemClock().now, version: version)
            try? reader.close()
        } catch {
            throw Failure(description: "\(error)")
        }
        if json {
            do {
                print(try ReportJSON.text(report))
            } catch {
                throw Failure(description: "\(path): the report could not be written as JSON: \(error)")
            }
        } else {
            let clock = utc ? ClockText.utc : ClockText(timeZone: .current)
            print(StatusText(clock: clock).render(report, cachePath: path), terminator: "")
        }
        return report.exitCode
    }

    /// The whole of a fast `status`: the report, or the reason there is none
    /// on standard error (sanitized: it may quote a file) and exit status 1.
    package static func runAndExit(cache: String?, json: Bool, utc: Bool, version: String) -> Never {
        do {
            // Stale data (2) is an answer, not an error: no message to build.
            exit(try report(cachePath: CachePath.resolve(cache), json: json, utc: utc, version: version))
        } catch {
            FileHandle.standardError.write(Data("warroom: \(TerminalText.sanitize(error.description))\n".utf8))
            exit(1)
        }
    }
}
