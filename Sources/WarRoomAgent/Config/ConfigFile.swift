import Foundation
import WarRoomModel
import WarRoomProbes
import Yams

/// Every problem found in a configuration file, in file order.
public struct InvalidConfig: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads and validates the agent's configuration (YAML). Every problem is
/// reported, each as `FILE:LINE:COLUMN: field.path: what is wrong`; a file
/// with any problem yields no configuration at all. Unknown keys are
/// problems, and secrets may only be given by reference (`env:NAME`,
/// `file:PATH`), never inline.
///
/// See `Examples/three-sites.yaml` for every field.
public enum ConfigFile {
    /// The configuration, or every problem found in it.
    public static func load(path: String) -> Result<AgentConfig, InvalidConfig> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InvalidConfig([ConfigProblem(file: path, line: 1, column: nil, path: "", message: "cannot read the file")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(InvalidConfig([ConfigProblem(file: path, line: 1, column: nil, path: "", message: "not UTF-8 text")]))
        }
        let folder = (path as NSString).deletingLastPathComponent
        return parse(text, file: path, folder: folder.isEmpty ? "." : folder)
    }

    /// Parses `text` read from `file`; runbook paths are resolved against `folder`.
    /// Without `loadingRunbooks` the runbooks are not read and no failover route is kept.
    public static func parse(_ text: String, file: String, folder: String,
                             loadingRunbooks: Bool = true) -> Result<AgentConfig, InvalidConfig> {
        let problems = ConfigProblems(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .failure(InvalidConfig([ConfigProblem(file: file, line: 1, column: nil, path: "", message: "the file is empty")]))
            }
            root = node
        } catch let error as YamlError {
            return .failure(InvalidConfig([syntaxProblem(error, file: file)]))
        } catch {
            return .failure(InvalidConfig([ConfigProblem(file: file, line: 1, column: nil, path: "", message: "not valid YAML")]))
        }
        var reader = ConfigReader(problems: problems, folder: folder, loadingRunbooks: loadingRunbooks)
        let config = reader.read(root)
        // In reading order of the file; problems in the runbooks it names come after.
        let ordered = problems.all.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if (x.file == file) != (y.file == file) { return x.file == file }
            return (x.line, x.column ?? 0, a.offset) < (y.line, y.column ?? 0, b.offset)
        }.map(\.element)
        return ordered.isEmpty ? .success(config) : .failure(InvalidConfig(ordered))
    }

    private static func syntaxProblem(_ error: YamlError, file: String) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            ConfigProblem(file: file, line: mark.line, column: mark.column, path: "", message: "not valid YAML: \(problem)")
        default:
            ConfigProblem(file: file, line: 1, column: nil, path: "",
                          message: "not valid YAML: " + ("\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"))
        }
    }
}
