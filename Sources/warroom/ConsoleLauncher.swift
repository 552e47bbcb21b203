import ArgumentParser
import Foundation
import WarRoomClock
import WarRoomOperators
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStatus
import WarRoomStore

extension CacheReader: ConsoleDataSource {
    public func changeToken() throws -> Int {
        try dataVersion()
    }

    public func read(lists: ListNeeds, replacing previous: inout CacheSnapshot?) throws -> CacheSnapshot {
        var limits = SnapshotLimits.console
        limits.alertQueue = lists.alerts
        limits.timeline = lists.timeline
        limits.drills = lists.drills
        return try snapshot(limits: limits, replacing: &previous)
    }
}

/// Starts the ncurses console on a cache and gives the terminal back however it ends.
enum ConsoleLauncher {
    /// - parameter actions: how operator actions are carried out; `nil` opens
    ///   them directly when this user may write the cache, else read-only.
    static func run(cachePath: String, display: ConsoleDisplayOptions, actions given: OperatorActions? = nil) throws {
        let reader = try CacheAccess.reader(cachePath)
        let environment = ProcessInfo.processInfo.environment
        let (theme, themeProblem) = loadTheme(display.theme, environment: environment)
        var options = ConsoleOptions()
        options.refreshMilliseconds = display.refresh
        options.readOnly = display.readOnly
        options.kiosk = display.kiosk
        options.bell = display.bell
        options.clock = display.utc ? .utc : ClockText(timeZone: .current)
        options.notice = themeProblem
        var actions = given
        if actions == nil && !display.readOnly {
            switch OperatorChannel.actions(cachePath: cachePath) {
            case .success(let channel): actions = channel
            case .failure(let unavailable): options.notice = options.notice ?? "read-only: \(unavailable.reason)"
            }
        }
        options.operatorName = actions?.identity.name ?? SystemIdentity.current().name
        ConsoleRuntime.installSignalHandlers()
        let terminal: NCursesTerminal
        do {
            terminal = try NCursesTerminal(theme: theme, monochrome: theme.name == "mono")
        } catch let failure as NCursesTerminal.StartFailure {
            throw CommandFailure.exit(failure.description)
        }
        let glyphs: Glyphs = display.ascii || !terminal.supportsUnicode ? .ascii : .unicode
        let runtime = ConsoleRuntime(source: reader, actions: actions, terminal: terminal, glyphs: glyphs, options: options,
                                     now: { SystemClock().now })
        runtime.run()
        try? reader.close()
        if let outcome = runtime.outcomeAfterExit {
            FileHandle.standardError.write(Data("warroom: \(TerminalText.sanitize(outcome))\n".utf8))
        }
        if let themeProblem { FileHandle.standardError.write(Data("warroom: \(themeProblem)\n".utf8)) }
        let signal = ConsoleRuntime.terminationSignal
        if signal != 0 && signal != SIGINT { throw ExitCode(128 + signal) }
    }

    static func loadTheme(_ name: String, environment: [String: String]) -> (Theme, String?) {
        let folders = ThemeFile.searchFolders(executablePath: ProcessArguments.executable, environment: environment,
                                              workingDirectory: FileManager.default.currentDirectoryPath)
        return ThemeFile.resolve(name, environment: environment, searchFolders: folders)
    }
}
