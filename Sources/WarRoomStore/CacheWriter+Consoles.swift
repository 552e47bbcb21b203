import Foundation
import GRDB
import WarRoomModel

/// Consoles reporting to this cache's agent (``ConsolePresence``).
extension CacheWriter {
    /// Keeps what a console run by `identity` reports: not audited (presence is information, never a record of a decision).
    public func recordPresence(_ report: ConsoleReport, by identity: OperatorIdentity, at now: EpochMillis) throws {
        try dbQueue.write { db in try ConsolePresenceRecords.record(report, by: identity.name, at: now, in: db) }
    }

    /// This site's own live consoles, for its agent to publish to its cluster.
    public func ownConsoles(at siteID: String, now: EpochMillis) throws -> [ConsolePresence] {
        try dbQueue.read { db in try ConsolePresenceRecords.own(at: siteID, now: now, in: db) }
    }
}
