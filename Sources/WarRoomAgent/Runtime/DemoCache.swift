import Foundation
import WarRoomOperators
import WarRoomModel
import WarRoomStore

/// A demo starts on an empty cache. An earlier demo's cache is replaced; a
/// real agent's cache, a cache another writer is using, or any other file is
/// refused and left as it is.
public enum DemoCache {
    public struct Refusal: Error {
        public var message: String
    }

    /// A private folder for a console demo's cache, removed when the demo ends.
    public static func makeTemporaryFolder() -> String {
        var template = Array((NSTemporaryDirectory() + "warroom-demo-XXXXXX").utf8CString)
        guard let folder = mkdtemp(&template) else { return NSTemporaryDirectory() + "warroom-demo-\(getpid())" }
        return String(cString: folder)
    }

    public static func prepareFresh(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let reader = try CacheReader(path: path)
        let heartbeat = try reader.heartbeat()
        try reader.close()
        if let heartbeat {
            guard heartbeat.agentName.hasPrefix("simulator") else {
                throw Refusal(message: "\(path): belongs to a real agent (\(heartbeat.agentName)); pass another --cache")
            }
            guard !heartbeat.isLiveWriter else {
                throw Refusal(message: "\(path): another demo is writing to it (pid \(heartbeat.processID)); stop it or pass another --cache")
            }
        }
        // The old demo's audit anchor and socket go with it: a new chain starts.
        for suffix in ["", "-wal", "-shm", ".audit.anchor", ".sock"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
