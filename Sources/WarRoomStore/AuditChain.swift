import Foundation
import GRDB
import WarRoomModel

/// The append-only, hash-chained audit trail: each entry's hash is SHA-256
/// over the previous entry's hash and a canonical encoding of the entry, so
/// editing, deleting or reordering any entry breaks the chain from there on.
public enum AuditChain {
    /// The canonical bytes of an entry: each field length-prefixed, so no
    /// choice of text can make two different entries encode alike.
    static func canonical(sequence: Int64, at: EpochMillis, actor: String, action: String, subject: String,
                          detail: String) -> Data {
        var data = Data()
        for field in ["\(sequence)", "\(at)", actor, action, subject, detail] {
            let bytes = Data(field.utf8)
            data.append(Data("\(bytes.count):".utf8))
            data.append(bytes)
            data.append(0x0A)
        }
        return data
    }

    /// The hash an entry must carry, given the one before it.
    public static func hash(previous: String, sequence: Int64, at: EpochMillis, actor: String, action: String,
                            subject: String, detail: String) -> String {
        var input = Data(previous.utf8)
        input.append(0x0A)
        input.append(canonical(sequence: sequence, at: at, actor: actor, action: action, subject: subject, detail: detail))
        return ContentHash.sha256Hex(input)
    }

    /// Appends an entry inside the caller's write transaction.
    static func append(_ db: Database, at: EpochMillis, actor: String, action: String, subject: String,
                       detail: String) throws -> AuditEntry {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_entry ORDER BY sequence DESC LIMIT 1")
        let sequence: Int64 = (try last?.decode(forColumn: "sequence") as Int64? ?? 0) + 1
        let previous: String = try last?.decode(forColumn: "hash") ?? ""
        let hash = hash(previous: previous, sequence: sequence, at: at, actor: actor, action: action, subject: subject,
                        detail: detail)
        try db.execute(sql: """
            INSERT INTO audit_entry (sequence, at, actor, action, subject, detail, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [sequence, at, actor, action, subject, detail, previous, hash])
        return AuditEntry(sequence: sequence, at: at, actor: actor, action: action, subject: subject, detail: detail,
                          previousHash: previous, hash: hash)
    }

    /// The first problem in a trail, naming the entry.
    public struct Break: Equatable, Sendable, CustomStringConvertible {
        public var sequence: Int64
        public var reason: String
        public var description: String { "entry \(sequence): \(reason)" }
    }

    /// Checks the chain itself, then the entries against the anchored heads.
    /// Returns the first break, or `nil` when every entry verifies.
    public static func verify(_ entries: [AuditEntry], anchors: [AuditAnchor]) -> Break? {
        var previous = ""
        for (index, entry) in entries.enumerated() {
            let expected = Int64(index + 1)
            if entry.sequence != expected {
                return Break(sequence: expected, reason: "missing: the trail jumps from \(expected - 1) to \(entry.sequence) (deleted)")
            }
            if entry.previousHash != previous {
                return Break(sequence: entry.sequence, reason: "does not follow entry \(entry.sequence - 1) (edited, reordered or inserted)")
            }
            let recomputed = hash(previous: previous, sequence: entry.sequence, at: entry.at, actor: entry.actor,
                                  action: entry.action, subject: entry.subject, detail: entry.detail)
            if recomputed != entry.hash {
                return Break(sequence: entry.sequence, reason: "its content does not match its hash (edited: \(entry.action) \(entry.subject) by \(entry.actor))")
            }
            previous = entry.hash
        }
        for anchor in anchors {
            guard anchor.sequence <= Int64(entries.count) else {
                return Break(sequence: anchor.sequence, reason: "missing: the anchor file records it but the trail ends at \(entries.count) (tail cut off)")
            }
            if entries[Int(anchor.sequence - 1)].hash != anchor.hash {
                return Break(sequence: anchor.sequence, reason: "differs from the head anchored when it was written (the chain was recomputed)")
            }
        }
        return nil
    }
}

/// A chain head as written to the anchor file.
public struct AuditAnchor: Equatable, Sendable {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}
