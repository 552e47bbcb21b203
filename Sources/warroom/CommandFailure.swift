import ArgumentParser
import Foundation
import WarRoomAgent
import WarRoomConsole
import WarRoomReports

/// Ends a command with a one-line message on standard error and an exit code,
/// never a stack trace.
enum CommandFailure {
    /// Prints every problem of a configuration, one per line, then ends the
    /// command with `outcome` (exit status 1).
    static func invalid(_ invalid: InvalidConfig, path: String, outcome: String) -> ExitCode {
        for problem in invalid.problems {
            FileHandle.standardError.write(Data((TerminalText.sanitize(problem.description) + "\n").utf8))
        }
        let count = invalid.problems.count
        return exit("\(path): \(count) problem\(count == 1 ? "" : "s"); \(outcome)")
    }

    static func exit(_ message: String, code: Int32 = 1) -> ExitCode {
        // Messages carry text from outside (a server's error body, an alert name): never raw to the terminal.
        FileHandle.standardError.write(Data("warroom: \(TerminalText.sanitize(message))\n".utf8))
        return ExitCode(code)
    }
}
