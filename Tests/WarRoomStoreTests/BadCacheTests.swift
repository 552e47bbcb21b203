import Foundation
import GRDB
import Testing
import WarRoomTestSupport
@testable import WarRoomStore

@Suite("Files that are not a usable cache")
struct BadCacheTests {
    @Test("a missing file")
    func missing() {
        let dir = TemporaryDirectory()
        let path = dir.file("nope.sqlite")
        #expect(throws: CacheError.missing(path: path)) { try CacheReader(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path), "reading must not create the file")
    }

    @Test("a directory")
    func directory() {
        let dir = TemporaryDirectory()
        #expect(throws: CacheError.isDirectory(path: dir.path)) { try CacheReader(path: dir.path) }
        #expect(throws: CacheError.isDirectory(path: dir.path)) { try CacheWriter(path: dir.path) }
    }

    @Test("a file of random bytes is refused by reader and writer, and left as it was")
    func randomBytes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("random.sqlite")
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: CacheError.notADatabase(path: path)) { try CacheReader(path: path) }
        #expect(throws: CacheError.notADatabase(path: path)) { try CacheWriter(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("an SQLite database of another application is refused by reader and writer")
    func foreignDatabase() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("other.sqlite")
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        try db.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = CacheError.notAWarroomCache(path: path, reason: "SQLite database of another application")
        #expect(throws: expected) { try CacheReader(path: path) }
        #expect(throws: expected) { try CacheWriter(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("an empty file is not a cache to read, but the writer may start one in it")
    func emptyFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: CacheError.notAWarroomCache(path: path, reason: "empty SQLite database")) {
            try CacheReader(path: path)
        }
        try CacheWriter(path: path).close()
        _ = try CacheReader(path: path)
    }

    @Test("every message is one line naming the path")
    func messages() {
        let errors: [CacheError] = [
            .missing(path: "/x/c.sqlite"), .isDirectory(path: "/x/c.sqlite"),
            .unreadable(path: "/x/c.sqlite", reason: "permission denied"), .notADatabase(path: "/x/c.sqlite"),
            .notAWarroomCache(path: "/x/c.sqlite", reason: "empty SQLite database"),
            .newerSchema(path: "/x/c.sqlite", unknownMigrations: ["v9"]),
            .olderSchema(path: "/x/c.sqlite", missingMigrations: ["v2"]),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("/x/c.sqlite: "))
            #expect(!error.description.contains("\n"))
        }
    }
}
