import ArgumentParser
import WarRoomConsole
import WarRoomModel
import WarRoomReports

struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Silence a firing alert in Alertmanager for a while, with a reason.",
        discussion: """
            The agent creates the silence in Alertmanager (matching the alert's labels exactly), as you: \
            `createdBy` is your user name, the comment your reason. It is audited like an approval. \
            `warroom unsilence ALERT` expires it.
            """)

    @Argument(help: "The alert's fingerprint (see `warroom status --json` or the Alerts screen).") var alert: String
    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 30m, 2h, 1d (1m to 30d).", valueName: "duration"))
    var duration: String
    @Option(name: .long, help: "Why (recorded, and shown in Alertmanager).") var reason: String
    @OptionGroup var cache: CacheOption

    func validate() throws {
        guard let seconds = DurationText.seconds(duration) else {
            throw ValidationError("--for: '\(TerminalText.sanitize(duration))' is not a duration like 30m, 2h or 1d")
        }
        if let problem = SilenceRequest.problem(durationSeconds: seconds, reason: reason) { throw ValidationError(problem) }
    }

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        try session.finish(try session.actions.silence(alertFingerprint: alert, durationSeconds: DurationText.seconds(duration) ?? 0,
                                                       reason: reason))
    }
}

struct UnsilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsilence", abstract: "Expire the Alertmanager silences of an alert.")

    @Argument(help: "The alert's fingerprint.") var alert: String
    @OptionGroup var cache: CacheOption

    func run() throws {
        let session = try OperatorSession.open(cachePath: cache.path())
        try session.finish(try session.actions.expireSilence(alertFingerprint: alert))
    }
}
