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
        try report(cachePath: path, json: json, utc: utc, version: version) { $0 }
    }

    /// Prints the report and hands its exit status to `finish` while the
    /// cache is still open, so a caller that exits there never releases the
    /// reader: releasing its dispatch queue starts a worker thread (and
    /// libdispatch's manager thread) only to dispose of it.
    private static func report<Result>(cachePath path: String, json: Bool, utc: Bool, version: String,
                                       finish: (Int32) -> Result) throws(Failure) -> Result {
        let reader: CacheReader
        let report: StatusReport
        do {
            reader = try CacheReader(path: path)
            report = StatusReport(snapshot: try reader.snapshot(limits: .status), wallNow: SystemClock().now, version: version)
        } catch {
            throw Failure(description: "\(error)")
        }
        if json {
            do {
                write(try ReportJSON.text(report) + "\n")
            } catch {
                throw Failure(description: "\(path): the report could not be written as JSON: \(error)")
            }
        } else {
            let clock = utc ? ClockText.utc : ClockText(timeZone: .current)
            write(StatusText(clock: clock).render(report, cachePath: path))
        }
        return withExtendedLifetime(reader) { finish(report.exitCode) }
    }

    /// Writes `text` to standard output as it is. (`print` first asks, by a
    /// dynamic cast, whether a `String` can write itself to a stream; the
    /// first such cast scans every protocol conformance in the binary.)
    /// Nothing else in `status` writes to standard output, so nothing waits in
    /// a buffer to come before it. A closed pipe ends the output, as with `print`.
    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return }
            var done = 0
            while done < bytes.count {
                let wrote = Glibc.write(STDOUT_FILENO, start + done, bytes.count - done)
                if wrote > 0 { done += wrote } else if wrote < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// The whole of a fast `status`: the report, or the reason there is none
    /// on standard error (sanitized: it may quote a file) and exit status 1.
    package static func runAndExit(cache: String?, json: Bool, utc: Bool, version: String) -> Never {
        do {
            // Stale data (2) is an answer, not an error: no message to build.
            try report(cachePath: CachePath.resolve(cache), json: json, utc: utc, version: version) { exit($0) }
        } catch {
            FileHandle.standardError.write(Data("warroom: \(TerminalText.sanitize(error.description))\n".utf8))
            exit(1)
        }
    }
}
