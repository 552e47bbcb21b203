import ArgumentParser
import Foundation
import WarRoomStatus

@main
struct Warroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "A terminal operations console for disaster recovery.",
        discussion: """
            The agent watches the sites and keeps a local SQLite cache; `warroom console` and \
            `warroom status` read it. `warroom demo` runs a simulated three-site deployment \
            (New York, London, Singapore) that loses its primary, with the console on it.
            """,
        version: Warroom.version,
        subcommands: [
            DemoCommand.self, AgentCommand.self, ConsoleCommand.self, StatusCommand.self, PlansCommand.self, ApproveCommand.self,
            RejectCommand.self, AckCommand.self, SilenceCommand.self, UnsilenceCommand.self, NoteCommand.self, IncidentCommand.self, DrillCommand.self, ExportCommand.self, PauseCommand.self, ResumeCommand.self, AuditCommand.self, CheckConfigCommand.self,
        ]
    )

    /// `status` takes its fast path (see ``StatusFastPath``); everything else is parsed as usual.
    static func main() {
        let arguments = Array(ProcessArguments.all.dropFirst())
        guard let status = StatusFastPath.options(arguments[...]) else { return main(arguments) }
        StatusRun.runAndExit(cache: status.cache, json: status.json, utc: status.utc, version: BuildInfo.version)
    }

    /// What `--version` prints: `warroom 0.1.0 (commit 1a2b3c4d5e6f)`.
    static let version = "warroom \(BuildInfo.version) (commit \(BuildInfo.commit))"
}
