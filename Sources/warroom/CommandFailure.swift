import ArgumentParser
import Foundation

/// Ends a command with a one-line message on standard error and an exit code,
/// never a stack trace.
enum CommandFailure {
    static func exit(_ message: String, code: Int32 = 1) -> ExitCode {
        FileHandle.standardError.write(Data("warroom: \(message)\n".utf8))
        return ExitCode(code)
    }
}
