import ArgumentParser
import Foundation
import WarRoomConsole
import WarRoomModel
import WarRoomReports

struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause automatic failover: plans the agent proposes then wait for approval.",
        discussion: """
            Recorded as the operating-system user running this, who must be one of the configuration's \
            approvers (or a runbook's). A step already running finishes; steps that would run on their \
            own wait until `warroom resume` or the --until time. The pause outlives an agent restart. \
            Exit status 0 when recorded, 1 when refused.
            """
    )

    @Option(name: .long, help: "Why (required; recorded in the audit trail and on the incident's timeline).") var reason: String
    @Option(name: .long, help: ArgumentHelp(
        "When the pause ends by itself: a duration from now (30m, 2h) or a UTC time (2026-11-25T14:00:00Z). Default: until resumed.",
        valueName: "time"))
    var until: String?
    @OptionGroup var cache: CacheOption

    func validate() throws {
        if let until, PauseEnd.parse(until, agentNow: 0) == nil {
            throw ValidationError("--until: '\(TerminalText.sanitize(until))' is neither a duration like 30m or 2h nor a UTC time like 2026-11-25T14:00:00Z")
        }
    }

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        let end = until.flatMap { PauseEnd.parse($0, agentNow: session.agentNow) }
        try session.finish(try session.actions.pauseAutomation(reason: reason, until: end))
    }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume paused automatic failover (recorded as the operating-system user running this).")

    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        try session.finish(try session.actions.resumeAutomation())
    }
}

/// An instant as an operator writes it: a duration from now (or, for a time
/// past, ago) or an ISO 8601 time.
enum PauseEnd {
    static func parse(_ text: String, agentNow: EpochMillis, ago: Bool = false) -> EpochMillis? {
        if let seconds = DurationText.seconds(text), seconds > 0 { return agentNow.adding(seconds: ago ? -seconds : seconds) }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        return EpochMillis(date.timeIntervalSince1970 * 1000)
    }
}
