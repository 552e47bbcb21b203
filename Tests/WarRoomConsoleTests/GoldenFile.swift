import Foundation
import Testing

/// Compares text with a file under `Golden/`. With WARROOM_UPDATE_GOLDEN=1 the
/// file is rewritten instead (read the diff before committing it).
enum GoldenFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func expect(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["WARROOM_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing Golden/\(name); run with WARROOM_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "differs from Golden/\(name); rerun with WARROOM_UPDATE_GOLDEN=1 if intended",
                sourceLocation: sourceLocation)
    }
}
