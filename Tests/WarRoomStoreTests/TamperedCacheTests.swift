import Foundation
import GRDB
import Testing
import WarRoomModel
import WarRoomTestSupport
@testable import WarRoomStore

/// A cache changed by hand (or by anything but warroom): every column of
/// every table that has rows is given, one at a time, text where a number
/// belongs, a number too large for any field, a negative one, and NULL where
/// the schema allows it; whatever reads the cache then either reads it or
/// says what is wrong by table and column. Never a crash: a trap would end
/// this test's process.
@Suite("A cache whose values were changed by hand")
struct TamperedCacheTests {
    static let values: [(name: String, sql: String)] = [
        ("text", "'garbage \u{1B}[31m'"), ("huge", "1000000000000000000"), ("negative", "-1"), ("NULL", "NULL"),
    ]

    /// Every read a console, `status`, `plans`, `audit` and the review make.
    func readEverything(_ path: String, at now: EpochMillis) throws {
        let reader = try CacheReader(path: path)
        defer { try? reader.close() }
        var previous: CacheSnapshot?
        let snapshot = try reader.snapshot(limits: .review, replacing: &previous)
        _ = try reader.snapshot(limits: .review, replacing: &previous)
        _ = try reader.snapshot(limits: .status)
        for incident in snapshot.openIncidents { _ = try reader.incidentReview(incident.id, at: now) }
        _ = try reader.history(links: Set(snapshot.links.map(\.id)), sites: Set(snapshot.sites.map(\.id)), limit: 60)
        for link in snapshot.links { _ = try reader.linkHistory(linkID: link.id, limit: 30) }
        for check in snapshot.healthChecks { _ = try reader.healthHistory(siteID: check.siteID, serviceID: check.serviceID, minutes: 30) }
        _ = try reader.heartbeat()
        _ = try reader.auditTrail()
        _ = try reader.drillResults()
    }

    /// Rows in the tables a demo run leaves empty: a cluster's state and
    /// views, a console's presence, a source's status, a split brain, a
    /// mirrored decision and note.
    func addWhatTheDemoLeavesEmpty(_ path: String, at now: EpochMillis) throws {
        let writer = try CacheWriter(path: path)
        defer { try? writer.close() }
        let snapshot = try writer.snapshot(limits: .review)
        let view = ObserverView(observerSiteID: "london", siteID: "new-york", state: .down,
                                failing: [FailingService(serviceID: "core-mcp", reason: "timeout")], failedRounds: 3, observedAt: now,
                                round: 9, version: "0.1.0")
        let link = try #require(snapshot.links.first)
        try writer.apply([
            .cluster(ClusterStatus(cluster: "dr", siteID: "london", sites: ["new-york", "london"], observers: ["london"],
                                   views: [ReadView(view: view, heldSince: now)], revision: 7, readAt: now, deciderSiteID: "london",
                                   rule: VerdictRule(failedRounds: 3, staleAfterSeconds: 15))),
            .sourceStatus(SourceStatus(name: "alertmanager", ok: false, detail: "refused", since: now)),
            .splitBrain(SplitBrain(linkID: link.id, dataType: link.dataType, formerPrimarySiteID: link.sourceSiteID,
                                   promotedSiteID: link.targetSiteID, since: now, seenAt: now, formerPrimaryOnlyBytes: 10,
                                   promotedOnlyBytes: 20)),
        ])
        try writer.recordPresence(ConsoleReport(consoleID: "c1", host: "wall-1", screen: "failover"),
                                  by: OperatorIdentity(name: "ana"), at: now)
        let step = try #require(snapshot.steps.first { $0.requiresApproval })
        let approval = Approval(planID: step.planID, stepNumber: step.number, operatorName: "ana", origin: "ssh 10.0.0.7",
                                decision: .approved, comment: "", decidedAt: now, preflightFacts: "{}", runbookHash: "sha256:x",
                                overrode: false, siteID: "london", revision: 41, answering: step.awaitingSince)
        let incident = try #require(snapshot.openIncidents.first)
        try writer.apply([.sharedDecisions(SharedLedger(
            decisions: [SharedDecision(approval: approval, number: 1, actor: "ana", auditDetail: "d", timelineText: "ana approved")],
            changes: [SharedIncidentChange(incidentID: incident.id, number: 1, kind: .note("on the bridge"), operatorName: "ana",
                                           siteID: "london", at: now, auditAction: "note", words: "on the bridge", revision: 42)]))])
    }

    @Test("every column, given a value of the wrong kind: read, or refused naming the column; never a crash")
    func everyColumn() throws {
        let fixture = try DemoCacheFixture(scenario: .primaryPowerLoss, simulatedSeconds: 420)
        try addWhatTheDemoLeavesEmpty(fixture.path, at: fixture.endedAt)
        try readEverything(fixture.path, at: fixture.endedAt)
        let pristine = fixture.directory.file("pristine.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: pristine)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // a table is put back whole after each change
        let db = try DatabaseQueue(path: fixture.path, configuration: configuration)
        try db.writeWithoutTransaction { try $0.execute(sql: "ATTACH DATABASE ? AS pristine", arguments: [pristine]) }
        let tables = try db.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
        }
        var tried = 0
        var refused: [String] = []
        for table in tables {
            guard try db.read({ try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") }) == true else { continue }
            let columns = try db.read { try Row.fetchAll($0, sql: "PRAGMA table_info(\(table))") }
                .map { (name: $0["name"] as String, notNull: ($0["notnull"] as Int) == 1) }
            for column in columns {
                for value in Self.values where !(value.name == "NULL" && column.notNull) {
                    // Triggers may forbid the change (the audit trail's): then there is nothing to read.
                    guard (try? db.write({ try $0.execute(sql: "UPDATE \(table) SET \(column.name) = \(value.sql)") })) != nil else { continue }
                    tried += 1
                    do {
                        try readEverything(fixture.path, at: fixture.endedAt)
                    } catch let error as CacheError {
                        let said = error.description
                        #expect(!said.contains("\u{1B}"), "\(table).\(column.name) = \(value.name): the value is not repeated")
                        #expect(said.contains(column.name), "\(table).\(column.name) = \(value.name): \(said)")
                        refused.append("\(table).\(column.name)")
                    }
                    try db.write { db in
                        try db.execute(sql: "DELETE FROM \(table); INSERT INTO \(table) SELECT * FROM pristine.\(table)")
                    }
                }
            }
        }
        #expect(tried > 300, "\(tried) values tried")
        #expect(refused.contains("automation.anti_flap_s"), "\(Set(refused).sorted())")
        try readEverything(fixture.path, at: fixture.endedAt)
    }
}
