import Foundation
import GRDB
import Testing
import WarRoomModel
import WarRoomTestSupport
@testable import WarRoomStore

/// A refresh reads what changed and the window on view: these check that it
/// still reads exactly what a fresh, whole read would.
@Suite("Reads bounded by the window and by what changed")
struct ListPagingTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }

    static let sites = (0..<4).map { Site(id: "s\($0)", name: "Site \($0)", location: "r", role: $0 == 0 ? .primary : .secondary,
                                          capacityPercent: 100, loadPercent: 10) }
    static let services = (0..<3).map { Service(id: "v\($0)", name: "Service \($0)", tier: 1, rtoSeconds: 900, rpoSeconds: 5) }
    static let links = (1..<4).map { ReplicationLink(id: "db:s0>s\($0)", dataType: "db", sourceSiteID: "s0", targetSiteID: "s\($0)",
                                                     mode: .async, rpoSeconds: 5) }

    static func check(_ site: Int, _ service: Int, _ state: HealthState, at: EpochMillis) -> AgentEvent {
        .health(HealthCheck(siteID: "s\(site)", serviceID: "v\(service)", state: state, latencyMs: Double(at % 90),
                            errorRate: 0, observedAt: at))
    }

    static func alert(_ index: Int, _ severity: AlertSeverity, _ state: AlertState = .firing, name: String? = nil) -> AgentEvent {
        .alert(Alert(fingerprint: "fp\(index)", name: name ?? "Rule\(index)", severity: severity, state: state, siteID: "s1",
                     serviceID: nil, summary: "summary \(index)", labels: ["n": "\(index)"], startsAt: EpochMillis(index)))
    }

    @Test("a reader that reads only what changed sees what a fresh reader sees, through updates, a reorder and a removal")
    func changedRowsOnly() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: Self.sites, services: Self.services, links: Self.links)]
                         + (0..<4).flatMap { site in (0..<3).map { Self.check(site, $0, .ok, at: 1) } })
        let kept = try CacheReader(path: path)
        func same(_ moment: Comment) throws {
            let fresh = try CacheReader(path: path).snapshot()
            let read = try kept.snapshot()
            #expect(read.sites == fresh.sites && read.healthChecks == fresh.healthChecks && read.links == fresh.links, moment)
        }
        try same("at first")
        try writer.apply([Self.check(2, 1, .critical, at: 2), .siteLoad(siteID: "s3", loadPercent: 77),
                          .replication(ReplicationObservation(linkID: "db:s0>s2", state: .streaming, observedAt: 2, lagSeconds: 1,
                                                              lagBytes: 10, primarySeenAt: 2, dataAtRiskSeconds: 1, dataAtRiskBytes: 10))])
        try same("after a round of checks, a load and a link")
        #expect(try kept.snapshot().healthChecks.first { $0.siteID == "s2" && $0.serviceID == "v1" }?.state == .critical)
        try writer.apply([.topology(sites: Self.sites.reversed(), services: Self.services, links: Self.links.reversed())])
        try same("after the configuration put the sites and links in another order")
        #expect(try kept.snapshot().sites.first?.id == "s3")
        try writer.apply([.promoted(siteID: "s1", formerPrimaryID: "s0", evidence: "test", at: 3)])
        try same("after a promotion")
        let other = try DatabaseQueue(path: path)
        try other.write { db in try db.execute(sql: "DELETE FROM site WHERE id = 's3'") }
        try same("after a site and its checks and links were removed by hand")
        #expect(try kept.snapshot().sites.count == 3)
    }

    @Test("a snapshot handed back has its changed links patched where they are, and a read that fails hands it back as it was")
    func snapshotHandedBack() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: Self.sites, services: Self.services, links: Self.links)])
        let reader = try CacheReader(path: path)
        func storage(_ links: [ReplicationLink]) -> UnsafeRawPointer? { links.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        func observe(_ link: String, lag: Double, at: EpochMillis) throws {
            try writer.apply([.replication(ReplicationObservation(linkID: link, state: .streaming, observedAt: at, lagSeconds: lag,
                                                                  lagBytes: 10, primarySeenAt: at, dataAtRiskSeconds: lag,
                                                                  dataAtRiskBytes: 10))])
        }
        var previous: CacheSnapshot? = try reader.snapshot(limits: .console)
        let first = storage(previous?.links ?? [])
        try observe("db:s0>s2", lag: 4, at: 2)
        var read = try reader.snapshot(limits: .console, replacing: &previous)
        #expect(previous == nil)
        #expect(storage(read.links) == first, "patched where it was, not copied")
        #expect(read.links.first { $0.id == "db:s0>s2" }?.lagSeconds == 4)
        #expect(read.links == (try CacheReader(path: path).snapshot().links))

        // Kept by someone else (a screen still drawing it): the reader copies and the old one stays as it was.
        let kept = read
        previous = read
        try observe("db:s0>s1", lag: 7, at: 3)
        read = try reader.snapshot(limits: .console, replacing: &previous)
        #expect(kept.links.first { $0.id == "db:s0>s1" }?.lagSeconds == nil)
        #expect(read.links.first { $0.id == "db:s0>s1" }?.lagSeconds == 7)

        // A read that fails (a table gone from under it) leaves the snapshot handed back whole and unchanged.
        previous = read
        try observe("db:s0>s3", lag: 9, at: 4)
        let other = try DatabaseQueue(path: path)
        try other.write { db in try db.execute(sql: "ALTER TABLE source_status RENAME TO source_status_away") }
        #expect(throws: CacheError.self) { try reader.snapshot(limits: .console, replacing: &previous) }
        #expect(previous?.links == read.links && previous?.sites == read.sites && previous?.healthChecks == read.healthChecks)
        #expect(previous?.links.first { $0.id == "db:s0>s3" }?.lagSeconds == nil)
        try other.write { db in try db.execute(sql: "ALTER TABLE source_status_away RENAME TO source_status") }
        read = try reader.snapshot(limits: .console, replacing: &previous)
        #expect(read.links.first { $0.id == "db:s0>s3" }?.lagSeconds == 9)
        #expect(read.links == (try CacheReader(path: path).snapshot().links))
    }

    @Test("sparkline history read only past what the reader holds is what a fresh reader reads, round after round")
    func sparklinesByWhatChanged() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: Self.sites, services: Self.services, links: Self.links)])
        let kept = try CacheReader(path: path)
        let (links, sites) = (Set(Self.links.map(\.id)), Set(["s1", "s2"]))
        for round in 1...12 {
            // Not every series is measured every round: some stay as they were.
            var events = (0..<3).filter { round % ($0 + 1) == 0 }.map { Self.check(1, $0, .ok, at: EpochMillis(round * 1000)) }
            events.append(Self.check(2, round % 3, .warning, at: EpochMillis(round * 1000 + 7)))
            if round % 2 == 0 {
                events.append(.replication(ReplicationObservation(
                    linkID: "db:s0>s1", state: .streaming, observedAt: EpochMillis(round * 1000), lagSeconds: Double(round),
                    lagBytes: 1, primarySeenAt: EpochMillis(round * 1000), dataAtRiskSeconds: Double(round), dataAtRiskBytes: 1)))
            }
            try writer.apply(events)
            let limit = round < 8 ? 5 : 9
            let held = try kept.history(links: links, sites: sites, limit: limit)
            let fresh = try CacheReader(path: path).history(links: links, sites: sites, limit: limit)
            #expect(held == fresh, "round \(round)")
        }
        let last = try kept.history(links: links, sites: sites, limit: 9)
        #expect(last.links["db:s0>s1"] == [2, 4, 6, 8, 10, 12])
        #expect(last.latency["s1"]?.count == 9 && last.latency["s2"]?.count == 9)
    }

    @Test("the alert queue pages over every alert in queue order; counts kept by the writer match the table")
    func alertQueue() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: Self.sites, services: [], links: [])])
        var events: [AgentEvent] = (0..<300).map { Self.alert($0, $0 % 3 == 0 ? .critical : .warning, $0 < 250 ? .resolved : .firing) }
        events.append(Self.alert(300, .info, .firing, name: "ZuluCanaryLast_100%"))
        try writer.apply(events)
        _ = try writer.acknowledge(alertFingerprint: "fp299", by: OperatorIdentity(name: "alice"), at: 5)
        let reader = try CacheReader(path: path)
        func queue(_ window: ListWindow) throws -> ListPage<Alert> {
            try reader.snapshot(limits: SnapshotLimits(alertQueue: window)).alertQueue
        }
        let whole = try queue(ListWindow(limit: 1000))
        #expect(whole.total == 301 && whole.items.count == 301)
        let ranks: [AlertState: Int] = [.firing: 0, .acknowledged: 1, .silenced: 2, .inhibited: 2, .resolved: 3]
        let expected = whole.items.sorted { a, b in
            (ranks[a.state]!, -AlertSeverity.allCases.firstIndex(of: a.severity)!, -a.startsAt)
                < (ranks[b.state]!, -AlertSeverity.allCases.firstIndex(of: b.severity)!, -b.startsAt)
        }
        #expect(whole.items.map(\.fingerprint) == expected.map(\.fingerprint), "firing, acknowledged, …, resolved; severe and new first")
        #expect(whole.items.first?.state == .firing && whole.items[50].fingerprint == "fp299" && whole.items.last?.state == .resolved)
        for offset in [0, 40, 150, 151, 280, 295] {
            let page = try queue(ListWindow(offset: offset, limit: 20))
            #expect(page.offset == min(offset, 281) && page.items == Array(whole.items[page.offset..<(page.offset + 20)]),
                    "the page at \(offset), read from whichever end is nearer")
        }
        let found = try queue(ListWindow(filter: "canarylast_100%", limit: 20))
        #expect(found.total == 1 && found.items.map(\.fingerprint) == ["fp300"], "the filter runs over every alert, % and _ literal")
        #expect(try queue(ListWindow(filter: "100_", limit: 20)).total == 0)
        #expect(try queue(ListWindow(filter: "\"n\":\"7\"", limit: 20)).items.map(\.fingerprint) == ["fp7"], "labels are searched")
        let counted = try reader.snapshot(limits: SnapshotLimits(alertQueue: ListWindow(limit: 1))).alertCounts
        let grouped = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM alert GROUP BY state")
                .reduce(into: [AlertState: Int]()) { $0[AlertState(rawValue: $1["state"])!] = $1["n"] }
        }
        #expect(counted == grouped && counted == [.firing: 50, .acknowledged: 1, .resolved: 250])
    }

    @Test("the alert queue's order is read from its index, never sorted in memory")
    func alertQueuePlan() throws {
        _ = try CacheWriter(path: path)
        for order in [ListQueries.alertOrder, ListQueries.alertOrderReversed] {
            let plan = try DatabaseQueue(path: path).read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM alert WHERE 1 ORDER BY \(order) LIMIT 30 OFFSET 10")
                    .map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("alert_by_queue") } && !plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
    }

    @Test("a million-event timeline pages either way from its event count, and a window past the end shows the end")
    func timeline() throws {
        let writer = try CacheWriter(path: path)
        let incident = Incident(id: "INC-1", title: "t", severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                                impactStartedAt: 0, openedAt: 0)
        try writer.apply([.incident(incident)] + (0..<2000).map {
            .timeline(TimelineEvent(incidentID: "INC-1", at: EpochMillis($0 / 2), kind: $0 == 1234 ? .note : .step, actor: "agent",
                                    text: "event \($0)"))
        })
        let reader = try CacheReader(path: path)
        func events(_ window: ListWindow) throws -> ListPage<TimelineEvent> {
            try reader.snapshot(limits: SnapshotLimits(timeline: window)).timeline
        }
        let newest = try events(ListWindow(limit: 3, newestFirst: true))
        #expect(newest.total == 2000 && newest.items.map(\.text) == ["event 1999", "event 1998", "event 1997"])
        let deep = try events(ListWindow(offset: 1500, limit: 3, newestFirst: true))
        #expect(deep.items.map(\.text) == ["event 499", "event 498", "event 497"], "read from the oldest end, same rows")
        let oldest = try events(ListWindow(offset: 1990, limit: 20))
        #expect(oldest.offset == 1980 && oldest.items.last?.text == "event 1999", "past the end: the last rows")
        let note = try events(ListWindow(filter: "NOTE", limit: 5))
        #expect(note.total == 1 && note.items.first?.text == "event 1234")
    }

    @Test("a filtered timeline kept by the reader pages as a fresh read does, through new events and a removal")
    func filteredTimeline() throws {
        let writer = try CacheWriter(path: path)
        let incident = Incident(id: "INC-1", title: "t", severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                                impactStartedAt: 0, openedAt: 0)
        func events(_ range: Range<Int>) -> [AgentEvent] {
            range.map { .timeline(TimelineEvent(incidentID: "INC-1", at: EpochMillis($0), kind: $0 % 3 == 0 ? .note : .step,
                                                actor: $0 % 5 == 0 ? "alice" : "agent", text: "event \($0)")) }
        }
        try writer.apply([.incident(incident)] + events(0..<3000))
        let kept = try CacheReader(path: path)
        func page(_ reader: CacheReader, _ window: ListWindow) throws -> ListPage<TimelineEvent> {
            try reader.snapshot(limits: SnapshotLimits(timeline: window)).timeline
        }
        func same(_ moment: Comment) throws {
            for window in [ListWindow(filter: "ALICE", limit: 7, newestFirst: true),
                           ListWindow(filter: "alice", offset: 400, limit: 7, newestFirst: true),
                           ListWindow(filter: "alice", offset: 350, limit: 9),
                           ListWindow(filter: "note", offset: 10, limit: 5, newestFirst: true)] {
                let held = try page(kept, window)
                let fresh = try page(try CacheReader(path: path), window)
                #expect(held == fresh, moment)
            }
        }
        try same("at first")
        #expect(try page(kept, ListWindow(filter: "alice", limit: 3, newestFirst: true)).items.map(\.text)
                == ["event 2995", "event 2990", "event 2985"])
        #expect(try page(kept, ListWindow(filter: "alice", limit: 1)).total == 600)
        try writer.apply(events(3000..<3050))
        try same("after new events")
        #expect(try page(kept, ListWindow(filter: "alice", limit: 1)).total == 610)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DELETE FROM timeline_event WHERE text = 'event 5'") }
        try same("after an event was removed by hand")
        #expect(try page(kept, ListWindow(filter: "alice", limit: 1)).total == 609)
    }
}
