import Foundation
import WarRoomModel
import WarRoomStore

/// A demo drill starts on a fresh cache; the drills finished on the one it
/// replaces are carried over, so the test history outlives each run.
enum DrillHistory {
    /// The finished drills of the cache at `path` (none for a missing or
    /// foreign file: the demo refuses those anyway). What cannot be carried is said.
    static func carried(from path: String) -> [DrillResult] {
        guard FileManager.default.fileExists(atPath: path), let reader = try? CacheReader(path: path) else { return [] }
        defer { try? reader.close() }
        for id in (try? reader.unfinishedDrills()) ?? [] {
            warn("\(path): \(id) never finished (stopped before its plan ended); it is not kept in the history")
        }
        do {
            return try reader.drillResults()
        } catch {
            warn("\(path): the earlier drills cannot be carried over: \(error)")
            return []
        }
    }

    /// After the console (or a headless run): the drill's result in one line, or why there is none.
    static func sayHowItEnded(_ drillID: String, path: String) throws {
        let reader = try CacheReader(path: path)
        defer { try? reader.close() }
        guard let result = try reader.drillResults().first(where: { $0.id == drillID }) else {
            print("\(drillID) did not finish: it stopped before its failover plan ended (no result kept)")
            return
        }
        print(DrillResultText.summary(result))
        print("see `warroom drill report --cache \(path)`")
    }

    /// After the console on an agent's drill: the newest result, or which drills still run.
    static func sayWhereDrillsStand(path: String) throws {
        let reader = try CacheReader(path: path)
        defer { try? reader.close() }
        let running = try reader.unfinishedDrills()
        if !running.isEmpty {
            print("\(running.joined(separator: ", ")) still running in the agent; `warroom drill report` once its plan has ended")
        } else if let newest = try reader.drillResults().last {
            print(DrillResultText.summary(newest))
        }
    }

    private static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warroom: \(message)\n".utf8))
    }
}
