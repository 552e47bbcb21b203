/// Why a cache cannot be used. Each case reads as one line for an operator,
/// naming the file and what is wrong with it.
public enum CacheError: Error, Equatable, CustomStringConvertible, Sendable {
    case missing(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case notADatabase(path: String)
    case notAWarroomCache(path: String, reason: String)
    case newerSchema(path: String, unknownMigrations: [String])
    case olderSchema(path: String, missingMigrations: [String])

    public var path: String {
        switch self {
        case .missing(let path), .isDirectory(let path), .unreadable(let path, _), .notADatabase(let path),
             .notAWarroomCache(let path, _), .newerSchema(let path, _), .olderSchema(let path, _):
            path
        }
    }

    public var description: String {
        switch self {
        case .missing(let path):
            "\(path): no such cache file (start `warroom demo` or the agent, or pass --cache)"
        case .isDirectory(let path):
            "\(path): is a directory, not a cache file"
        case .unreadable(let path, let reason):
            "\(path): cannot read the cache: \(reason)"
        case .notADatabase(let path):
            "\(path): not a warroom cache (not an SQLite database)"
        case .notAWarroomCache(let path, let reason):
            "\(path): not a warroom cache (\(reason))"
        case .newerSchema(let path, let unknown):
            "\(path): written by a newer warroom (unknown schema \(unknown.joined(separator: ", "))); upgrade warroom — the file was not modified"
        case .olderSchema(let path, let missing):
            "\(path): cache schema is older than this warroom (missing \(missing.joined(separator: ", "))); run the agent once to upgrade it"
        }
    }
}
