import Foundation

/// The command line this process was started with. The Swift runtime finds
/// `argv` by walking up from `environ`, which a library preloaded before it
/// (libfaketime, some profilers) can move by calling `setenv` first: then
/// `CommandLine.arguments` is empty (swiftlang/swift#76080) and every command
/// would print the help. The kernel's copy, `/proc/self/cmdline`, is read then.
package enum ProcessArguments {
    package static let all: [String] = {
        if !CommandLine.arguments.isEmpty { return CommandLine.arguments }
        guard let bytes = FileManager.default.contents(atPath: "/proc/self/cmdline"), !bytes.isEmpty else { return [] }
        var words = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if words.last == "" { words.removeLast() }
        return words
    }()

    /// The path this program was run as (`warroom` when unknown).
    package static var executable: String { all.first ?? "warroom" }
}
