import ArgumentParser
import Foundation
import WarRoomAgent
import WarRoomConsole
import WarRoomReports

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate an agent configuration; print every problem with its file, line and column.",
        discussion: """
            Exit status 0 when the configuration is valid (a summary is printed), 1 with one line per \
            problem on standard error, as FILE:LINE:COLUMN: field.path: what is wrong. Runbooks the \
            configuration names are read and checked too. A `file:` secret that does not exist or \
            cannot be read is a warning naming where it is used (never its content).
            """
    )

    @Argument(help: ArgumentHelp("The configuration file (YAML).", valueName: "path")) var path: String

    func run() throws {
        switch ConfigFile.load(path: path) {
        case .success(let config):
            let kinds = Dictionary(grouping: config.checks, by: \.kind.name).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
            let counts = [count(config.sites.count, "site"), count(config.services.count, "service"),
                          count(config.links.count, "replication link"), count(config.checks.count, "check") + " (\(kinds))",
                          count(config.failover.count, "failover runbook")]
            // Reported, not refused: one missing secret must not keep the agent (whose start runs this) from watching the rest.
            let unreadable = config.unreadableSecretFiles
            for problem in unreadable {
                FileHandle.standardError.write(Data(TerminalText.sanitize("\(path): warning: \(problem)\n").utf8))
            }
            let secrets = unreadable.isEmpty ? "" : "; \(count(unreadable.count, "secret file")) not readable (above)"
            print(TerminalText.sanitize("\(path): valid — " + counts.joined(separator: ", ") + secrets))
        case .failure(let invalid):
            throw CommandFailure.invalid(invalid, path: path, outcome: "nothing was started")
        }
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
