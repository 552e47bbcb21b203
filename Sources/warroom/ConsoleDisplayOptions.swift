import ArgumentParser

/// How the console looks and behaves: shared by `warroom console` and `warroom demo`.
struct ConsoleDisplayOptions: ParsableArguments {
    @Flag(name: .long, help: "Offer no action that changes anything (wall screens, observers).")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Theme name (default, light, high-contrast, mono) or path to a .theme file.",
                                            valueName: "name|path"))
    var theme: String = "default"

    @Flag(name: .long, help: "Show times in UTC instead of the local zone.")
    var utc = false

    @Flag(name: .long, help: "Draw with ASCII only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp("How often to look for new data, in milliseconds (100-60000).", valueName: "ms"))
    var refresh: Int = 500

    @Flag(name: .long, help: "NOC wall look: no key hints, larger site tiles.")
    var kiosk = false

    @Flag(name: .long, help: "Ring the terminal bell when an incident escalates (RTO budget spent, no commander).")
    var bell = false

    func validate() throws {
        guard (100...60_000).contains(refresh) else {
            throw ValidationError("--refresh must be between 100 and 60000 milliseconds (got \(refresh))")
        }
    }
}
