import Foundation
import WarRoomModel

/// `warroom drill report`: compliance over a period (seed 001 §5.4) and the
/// drills behind it, as Markdown for people or JSON for other tools.
public struct DrillReport: Encodable, Sendable {
    public var summary: DrillSummary
    public var drills: [DrillResult]

    public init(results: [DrillResult], since: EpochMillis?) {
        summary = DrillSummary(results: results, since: since)
        drills = results
    }

    public func json() throws -> String {
        try ReportJSON.text(self) + "\n"
    }

    /// Text from the cache (targets, titles, names) is sanitized: a report is
    /// read in terminals too.
    public func markdown() -> String {
        var lines = ["# DR drill report", ""]
        lines.append("- **Period**: " + (summary.since.map { "since \(Format.utc($0))" } ?? "all drills on record"))
        lines.append("- **Drills**: \(summary.drills) (\(summary.succeeded) passed)")
        lines.append("- **Success rate**: \(Self.percent(summary.successRate))")
        lines.append("- **Mean recovery time**: \(summary.meanRecoverySeconds.map { Format.seconds($0.rounded()) } ?? "n/a")")
        lines.append("- **RTO compliance**: " + (summary.rtoComplianceRate.map { "\(Format.percent($0)) of services" } ?? "no service measured"))
        lines.append("- **RPO compliance**: " + (summary.rpoComplianceRate.map { "\(Format.percent($0)) of data types" }
                                                  ?? "no promotion measured"))
        guard !drills.isEmpty else { return (lines + ["", "No drill finished in this period."]).joined(separator: "\n") + "\n" }
        lines += ["", "| Drill | Started | Scenario | Target | Result | Failover | RTO met | RPO met |",
                  "|---|---|---|---|---|---|---|---|"]
        for drill in drills {
            let cells = [drill.id, Format.utc(drill.startedAt), drill.scenario.rawValue + (drill.dryRun ? " (dry run)" : ""),
                         drill.target, drill.succeeded ? "passed" : "failed",
                         drill.failoverSeconds.map { Format.seconds($0.rounded()) } ?? "not finished",
                         "\(drill.rtoMet)/\(drill.services.count)", "\(drill.rpoMet)/\(drill.dataTypes.count)"]
            lines.append("| " + cells.map(Self.cell).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { Format.percent($0) } ?? "n/a"
    }

    /// One table cell: sanitized, on one line, with its pipes escaped.
    static func cell(_ text: String) -> String {
        TerminalText.sanitize(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
