import Yams

/// One thing wrong with a configuration file, and where: `FILE:LINE:COLUMN:
/// field.path: what is wrong`.
public struct ConfigProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// `nil` where only the line is known (a runbook's own error).
    public var column: Int?
    /// Dotted path of the field, e.g. `checks[3].http.url`; empty for the whole file.
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// The problems found while reading one file: every one is kept, so a single
/// run of `check-config` names them all.
final class ConfigProblems {
    let file: String
    private(set) var all: [ConfigProblem] = []

    init(file: String) {
        self.file = file
    }

    /// Records `message` about `path`, at `node`'s place in the file.
    func add(_ message: String, path: String, at node: Node?) {
        all.append(ConfigProblem(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path,
                                 message: message))
    }

    func add(_ problem: ConfigProblem) {
        all.append(problem)
    }
}
