import ArgumentParser
import Foundation
import WarRoomConsole
import WarRoomClock
import WarRoomModel
import WarRoomReports
import WarRoomStore

/// `warroom export incident ID`: a post-incident review draft.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export records for other people and tools.",
        subcommands: [Incident.self]
    )

    struct Incident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "incident",
            abstract: "A post-incident review draft: summary, timeline, RTO/RPO achieved, approvals, steps and outputs.",
            discussion: """
                Markdown follows the DR plan's post-incident review template, with empty sections for \
                what went well, what to improve and the action items. JSON carries the same data; \
                Schemas/incident-review.schema.json describes it. Times are UTC (JSON: milliseconds \
                since the epoch). Text from outside is sanitized and each step's output cut at \
                \(IncidentReviewExport.outputLineLimit) lines.
                """)

        @Argument(help: "The incident, e.g. INC-0001.") var incident: String
        @Option(name: .long, help: "markdown or json.") var format: String = "markdown"
        @OptionGroup var cache: CacheOption
        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            guard ["markdown", "json"].contains(format) else {
                throw ValidationError("--format must be markdown or json (got '\(format)')")
            }
        }

        func run() throws {
            let reader = try CacheAccess.reader(cache.path())
            let review: IncidentReview?
            do {
                review = try reader.incidentReview(incident, at: SystemClock().now)
            } catch let error as CacheError {
                throw CommandFailure.exit(error.description)
            }
            guard let review else { throw CommandFailure.exit("\(reader.path): no incident \(incident)") }
            let export = IncidentReviewExport(review)
            let text = format == "json" ? try export.json() : export.markdown()
            guard let output else { return print(text, terminator: "") }
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure.exit("\(output): cannot write the review: \(error.localizedDescription)")
            }
        }
    }
}
