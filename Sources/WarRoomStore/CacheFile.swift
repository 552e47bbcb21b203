import Foundation
import GRDB

/// Opening a cache file: checks shared by the writer and the reader, so both
/// refuse the same bad files with the same one-line messages.
enum CacheFile {
    /// Refuses a path that is missing, a directory, or not readable.
    /// (`stat` and `access` themselves: `FileManager.default` costs
    /// `status` 60 µs to set up, more than both calls.)
    static func checkReadablePath(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // A folder on the way this user may not search hides the file: that is no "missing".
            if let denied = ReadPermission.denied(path) { throw CacheError.unreadable(path: path, reason: denied) }
            throw CacheError.missing(path: path)
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw CacheError.isDirectory(path: path) }
        guard access(path, R_OK) == 0 else {
            throw CacheError.unreadable(path: path, reason: ReadPermission.denied(path) ?? "permission denied")
        }
    }

    /// Checks that `db` is a warroom cache this build understands.
    ///
    /// - parameter allowEmpty: accept a brand-new, empty database (the writer creates the schema).
    /// - parameter requireCurrent: refuse a cache whose schema is older than this build's.
    static func validate(_ db: Database, path: String, allowEmpty: Bool, requireCurrent: Bool) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID != CacheSchema.applicationID {
            let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if applicationID == 0 && tableCount == 0 && allowEmpty { return }
            throw CacheError.notAWarroomCache(
                path: path,
                reason: tableCount == 0 ? "empty SQLite database" : "SQLite database of another application")
        }
        let known = CacheSchema.migrationIdentifiers
        let applied = try CacheSchema.migrator.appliedIdentifiers(db)
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { throw CacheError.newerSchema(path: path, unknownMigrations: unknown) }
        if requireCurrent {
            let missing = known.filter { !applied.contains($0) }
            if !missing.isEmpty { throw CacheError.olderSchema(path: path, missingMigrations: missing) }
        }
    }

    /// Turns whatever SQLite or the file system threw into a `CacheError`.
    static func cacheError(_ error: Error, path: String) -> CacheError {
        if let error = error as? CacheError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: return .notADatabase(path: path)
            case .SQLITE_CORRUPT: return .unreadable(path: path, reason: "database disk image is malformed")
            case .SQLITE_CANTOPEN: return .unreadable(path: path, reason: "cannot open the file")
            case .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_READONLY:
                return .unreadable(path: path, reason: "permission denied")
            default:
                return .unreadable(path: path, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
            }
        }
        if let error = error as? RowDecodingError { return .unreadable(path: path, reason: wrongValue(error)) }
        return .unreadable(path: path, reason: String(describing: error))
    }

    /// A value of the wrong kind in the file (put there by something other
    /// than warroom), said by table and column only: the value itself is
    /// not repeated, since it could hold anything, terminal controls too.
    static func wrongValue(_ error: RowDecodingError) -> String {
        let text = String(describing: error)
        func first(_ pattern: String) -> String? {
            guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
            return String(text[range])
        }
        let column = first(#"column: "[A-Za-z0-9_]+""#).map { $0.dropFirst(9).dropLast() }.map(String.init)
        let table = first(#"FROM [A-Za-z_][A-Za-z0-9_]*"#).map { String($0.dropFirst(5)) }
        let place = switch (table, column) {
        case let (table?, column?): "\(table).\(column)"
        case let (nil, column?): "column \(column)"
        default: "a column"
        }
        let what = text.hasPrefix("column not found") ? "is missing"
            : text.range(of: #"from database value NULL( |$)"#, options: .regularExpression) != nil ? "is empty"
            : "holds a value of the wrong kind"
        return "\(place) \(what): the file was changed by something other than warroom"
    }
}
