import Foundation
import Testing
import WarRoomModel
import WarRoomTestSupport
@testable import WarRoomStore

@Suite("Tamper-evident audit trail")
struct AuditChainTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }
    let alice = OperatorIdentity(name: "alice")

    /// A cache with an incident and `count` notes: `count` audit entries, all anchored.
    func writer(notes count: Int) throws -> CacheWriter {
        let writer = try CacheWriter(path: path)
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        for index in 1...count {
            _ = try writer.addNote(incidentID: "INC-0001", text: "note \(index)", by: alice, at: EpochMillis(index * 1000))
        }
        return writer
    }

    func verify() throws -> AuditChain.Break? {
        let reader = try CacheReader(path: path)
        return AuditChain.verify(try reader.auditTrail(), anchors: try AuditAnchorFile(cachePath: path).read() ?? [])
    }

    @Test("an untouched trail verifies, and every entry was anchored")
    func intact() throws {
        let writer = try writer(notes: 5)
        #expect(try writer.auditTrail().count == 5)
        #expect(try AuditAnchorFile(cachePath: path).read()?.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try verify() == nil)
    }

    @Test("editing any entry breaks the chain at that entry")
    func edited() throws {
        let writer = try writer(notes: 5)
        try writer.rawExecuteForTesting("UPDATE audit_entry SET detail = 'nothing to see' WHERE sequence = 3")
        #expect(try verify()?.sequence == 3)
        try writer.rawExecuteForTesting("UPDATE audit_entry SET detail = 'note 3', actor = 'mallory' WHERE sequence = 3")
        #expect(try verify()?.sequence == 3)
    }

    @Test("deleting an entry names the missing one")
    func deleted() throws {
        let writer = try writer(notes: 5)
        try writer.rawExecuteForTesting("DELETE FROM audit_entry WHERE sequence = 2")
        let broken = try #require(try verify())
        #expect(broken.sequence == 2)
        #expect(broken.reason.contains("missing"))
    }

    @Test("reordering entries breaks the chain")
    func reordered() throws {
        let writer = try writer(notes: 5)
        try writer.rawExecuteForTesting("""
            UPDATE audit_entry SET sequence = -2 WHERE sequence = 2;
            UPDATE audit_entry SET sequence = 2 WHERE sequence = 4;
            UPDATE audit_entry SET sequence = 4 WHERE sequence = -2;
            """)
        #expect(try verify()?.sequence == 2)
    }

    @Test("cutting the tail off is caught by the anchor file")
    func tailCut() throws {
        let writer = try writer(notes: 5)
        try writer.rawExecuteForTesting("DELETE FROM audit_entry WHERE sequence >= 4")
        let reader = try CacheReader(path: path)
        #expect(AuditChain.verify(try reader.auditTrail(), anchors: []) == nil, "the chain alone cannot see it")
        let broken = try #require(try verify())
        #expect(broken.sequence == 4)
        #expect(broken.reason.contains("tail cut off"))
    }

    @Test("recomputing the whole chain after an edit is caught by the anchor file")
    func recomputed() throws {
        let writer = try writer(notes: 5)
        try writer.rawExecuteForTesting("UPDATE audit_entry SET detail = 'rewritten' WHERE sequence = 2")
        // Rehash every entry from the edit on, as a careful forger would.
        var previous = try writer.auditTrail()[0].hash
        for entry in try writer.auditTrail().dropFirst() {
            let hash = AuditChain.hash(previous: previous, sequence: entry.sequence, at: entry.at, actor: entry.actor,
                                       action: entry.action, subject: entry.subject, detail: entry.detail)
            try writer.rawExecuteForTesting("UPDATE audit_entry SET previous_hash = '\(previous)', hash = '\(hash)' WHERE sequence = \(entry.sequence)")
            previous = hash
        }
        let reader = try CacheReader(path: path)
        #expect(AuditChain.verify(try reader.auditTrail(), anchors: []) == nil, "the chain alone cannot see it")
        let broken = try #require(try verify())
        #expect(broken.sequence == 2)
        #expect(broken.reason.contains("recomputed"))
    }

    @Test("a damaged anchor file is named with its line")
    func damagedAnchor() throws {
        _ = try writer(notes: 2)
        let anchor = AuditAnchorFile(cachePath: path)
        let handle = try #require(FileHandle(forWritingAtPath: anchor.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3 not-a-hash\n".utf8))
        try handle.close()
        #expect(throws: AnchorError.self) { try anchor.read() }
        do { _ = try anchor.read() } catch { #expect("\(error)".contains(".audit.anchor:3:")) }
    }
}
