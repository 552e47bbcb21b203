import Foundation
import GRDB
import Testing
import WarRoomModel
import WarRoomTestSupport
import WarRoomStore

@Suite("Writing and reading the cache")
struct CacheRoundTripTests {
    let dir = TemporaryDirectory()
    var path: String { dir.file("cache.sqlite") }

    static let london = Site(id: "london", name: "London", location: "LD4", role: .secondary,
                             capacityPercent: 80, loadPercent: 20)
    static let link = ReplicationLink(id: "registry:new-york>london", dataType: "registry", sourceSiteID: "london",
                                      targetSiteID: "london", mode: .async, rpoSeconds: 5)

    func alert(_ index: Int, severity: AlertSeverity, state: AlertState = .firing) -> Alert {
        Alert(fingerprint: "fp\(index)", name: "Rule\(index)", severity: severity, state: state, siteID: "london",
              serviceID: nil, summary: "summary \(index)", labels: ["n": "\(index)"], startsAt: EpochMillis(index))
    }

    @Test("a link with no measurement reads as unknown with no lag, never zero")
    func unmeasuredLink() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: [Self.london], services: [], links: [Self.link])])
        let link = try #require(try CacheReader(path: path).snapshot().links.first)
        #expect(link.state == .unknown)
        #expect(link.lagSeconds == nil)
        #expect(link.lagBytes == nil)
        #expect(link.rpoStatus == .unknown)
    }

    @Test("every field of a link and of a check reads back as written, each in its own place")
    func linkAndCheckFields() throws {
        let writer = try CacheWriter(path: path)
        let newYork = Site(id: "new-york", name: "New York", location: "NY4", role: .primary, capacityPercent: 100, loadPercent: 80)
        let service = Service(id: "orders", name: "Orders", tier: 1, rtoSeconds: 900, rpoSeconds: 5)
        let configured = ReplicationLink(id: "orders:new-york>london", dataType: "orders-db", sourceSiteID: "new-york",
                                         targetSiteID: "london", mode: .sync, rpoSeconds: 7, silentAfterSeconds: 45)
        let check = HealthCheck(siteID: "london", serviceID: "orders", state: .warning, latencyMs: 12.5, errorRate: 0.25,
                                observedAt: 31, detail: "slow answers")
        try writer.apply([
            .topology(sites: [newYork, Self.london], services: [service], links: [configured]),
            .replication(ReplicationObservation(linkID: configured.id, state: .disconnected, observedAt: 30, lagSeconds: 1.5,
                                                lagBytes: 2_000, primarySeenAt: 21, dataAtRiskSeconds: 9.5, dataAtRiskBytes: 3_000,
                                                detail: "wal receiver stopped")),
            .health(check),
        ])
        let snapshot = try CacheReader(path: path).snapshot()
        var expected = configured
        (expected.state, expected.observedAt, expected.lagSeconds, expected.lagBytes) = (.disconnected, 30, 1.5, 2_000)
        (expected.primarySeenAt, expected.dataAtRiskSeconds, expected.dataAtRiskBytes, expected.detail) = (21, 9.5, 3_000, "wal receiver stopped")
        #expect(snapshot.links == [expected])
        #expect(snapshot.healthChecks == [check])
    }

    @Test("a topology update keeps the link's last measurement")
    func topologyKeepsMeasurement() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([
            .topology(sites: [Self.london], services: [], links: [Self.link]),
            .replication(ReplicationObservation(linkID: Self.link.id, state: .streaming, observedAt: 10, lagSeconds: 0.05,
                                                lagBytes: 900, primarySeenAt: 10, dataAtRiskSeconds: 0.05, dataAtRiskBytes: 900)),
            .topology(sites: [Self.london], services: [], links: [Self.link]),
        ])
        let link = try #require(try CacheReader(path: path).snapshot().links.first)
        #expect(link.state == .streaming)
        #expect(link.lagSeconds == 0.05)
        #expect(link.lagBytes == 900)
    }

    @Test("a promoted standby's site is the primary, through a reload of the topology, until it replicates as configured again")
    func promotion() throws {
        let writer = try CacheWriter(path: path)
        let newYork = Site(id: "new-york", name: "New York", location: "NY4", role: .primary, capacityPercent: 100, loadPercent: 80)
        let topology = AgentEvent.topology(sites: [newYork, Self.london], services: [], links: [])
        try writer.apply([
            topology,
            .incident(Incident(id: "INC-0001", title: "New York down", severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                               impactStartedAt: 5, openedAt: 5, siteID: "new-york")),
            .promoted(siteID: "london", formerPrimaryID: "new-york", evidence: "orders:new-york>london: promoted", at: 10),
        ])
        func roles() throws -> [String] { try CacheReader(path: path).snapshot().sites.map { "\($0.id)=\($0.role.rawValue)" } }
        #expect(try roles() == ["new-york=secondary", "london=primary"])
        try writer.apply([topology])
        #expect(try roles() == ["new-york=secondary", "london=primary"], "a restart or reload does not undo what was seen")
        let timeline = try CacheReader(path: path).snapshot(limits: SnapshotLimits(timeline: ListWindow(limit: 10))).timeline
        #expect(timeline.items.map(\.text) == ["London answers as the primary now (orders:new-york>london: promoted)"])
        // An agent restarted while London still answers as the primary sees it "newly" again: not news.
        try writer.apply([.promoted(siteID: "london", formerPrimaryID: "new-york", evidence: "orders:new-york>london: promoted", at: 40)])
        let again = try CacheReader(path: path).snapshot(limits: SnapshotLimits(timeline: ListWindow(limit: 10))).timeline
        #expect(again.items.count == 1, "the promotion is reported once, not again after a restart")
        let seenAt = try DatabaseQueue(path: path).read { try Int64.fetchOne($0, sql: "SELECT observed_role_at FROM site WHERE id = 'london'") }
        #expect(seenAt == 10,
                "when London was first seen as the primary is kept")
        try writer.apply([.replicatingAsConfigured(sourceSiteID: "new-york", targetSiteID: "london")])
        #expect(try roles() == ["new-york=primary", "london=secondary"])
    }

    @Test("an acknowledgement is warroom's own: the source saying \"still firing\" keeps it; alerts no longer present resolve")
    func alertsFromASource() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.alert(alert(1, severity: .critical)), .alert(alert(2, severity: .warning))])
        _ = try writer.acknowledge(alertFingerprint: "fp1", by: OperatorIdentity(name: "alice"), at: 5)
        try writer.apply([.alert(alert(1, severity: .critical)), .alertsPresent(fingerprints: ["fp1"], at: 20)])
        let all = try CacheReader(path: path).snapshot(limits: SnapshotLimits(alertQueue: ListWindow(limit: 10))).alertQueue
        #expect(all.items.map(\.fingerprint) == ["fp1", "fp2"] && all.items.map(\.state) == [.acknowledged, .resolved])
        #expect(try writer.alert(fingerprint: "fp2")?.state == .resolved && writer.alert(fingerprint: "fp2")?.endsAt == 20)
    }

    @Test("the alert queue is bounded but the counts are complete")
    func boundedAlerts() throws {
        let writer = try CacheWriter(path: path)
        var updates: [AgentEvent] = (0..<40).map { .alert(alert($0, severity: .warning)) }
        updates += (40..<47).map { .alert(alert($0, severity: .critical)) }
        updates.append(.alert(alert(99, severity: .critical, state: .acknowledged)))
        try writer.apply(updates)
        let snapshot = try CacheReader(path: path).snapshot(limits: SnapshotLimits(topAlerts: 5))
        #expect(snapshot.firingCounts[.warning] == 40)
        #expect(snapshot.firingCounts[.critical] == 7)
        #expect(snapshot.topAlerts.count == 5)
        #expect(snapshot.topAlerts.allSatisfy { $0.severity == .critical })
        #expect(snapshot.topAlerts.first?.fingerprint == "fp46", "newest critical first")
        #expect(snapshot.topAlerts.first?.labels == ["n": "46"])
    }

    @Test("data_version changes when the agent commits, and only then")
    func dataVersion() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: [Self.london], services: [], links: [])])
        let reader = try CacheReader(path: path)
        let first = try reader.dataVersion()
        #expect(try reader.dataVersion() == first)
        _ = try reader.snapshot()
        #expect(try reader.dataVersion() == first, "reading changes nothing")
        try writer.apply([.siteLoad(siteID: "london", loadPercent: 31)])
        #expect(try reader.dataVersion() != first)
        #expect(try reader.snapshot().sites.first?.loadPercent == 31)
    }

    @Test("retention prunes old samples only, and never the current state")
    func retention() throws {
        let writer = try CacheWriter(path: path)
        let service = Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5)
        var updates: [AgentEvent] = [.topology(sites: [Self.london], services: [service], links: [Self.link])]
        for second in stride(from: 0, through: 100, by: 10) {
            let at = EpochMillis(second * 1000)
            updates.append(.health(HealthCheck(siteID: "london", serviceID: "core", state: .ok, latencyMs: 40,
                                               errorRate: 0, observedAt: at)))
            updates.append(.replication(ReplicationObservation(linkID: Self.link.id, state: .streaming, observedAt: at,
                                                               lagSeconds: 0.04, lagBytes: 10)))
        }
        try writer.apply(updates)
        // 0..<50 s: five samples of each series go.
        #expect(try writer.prune(samplesBefore: 50_000, historyBefore: 0) == 10)
        let reader = try CacheReader(path: path)
        let history = try reader.linkHistory(linkID: Self.link.id, limit: 100)
        #expect(history.map(\.observedAt) == [50_000, 60_000, 70_000, 80_000, 90_000, 100_000])
        #expect(try reader.linkHistory(linkID: Self.link.id, limit: 2).map(\.observedAt) == [90_000, 100_000])
        let snapshot = try reader.snapshot()
        #expect(snapshot.healthChecks.count == 1)
        #expect(snapshot.links.first?.lagSeconds == 0.04)
        #expect(try writer.prune(samplesBefore: 50_000, historyBefore: 0) == 0)
    }

    @Test("a check's history outlives its raw samples: state changes and per-minute worst, last, min and max")
    func healthHistory() throws {
        let writer = try CacheWriter(path: path)
        let service = Service(id: "core", name: "Core", tier: 1, rtoSeconds: 900, rpoSeconds: 5)
        var updates: [AgentEvent] = [.topology(sites: [Self.london], services: [service], links: [])]
        // Minute 0: ok 40 ms, critical (no latency), ok 90 ms; minute 1: ok 20 ms twice.
        let results: [(Int, HealthState, Double?)] = [(0, .ok, 40), (20, .critical, nil), (40, .ok, 90), (60, .ok, 20), (80, .ok, 20)]
        for (second, state, latency) in results {
            updates.append(.health(HealthCheck(siteID: "london", serviceID: "core", state: state, latencyMs: latency,
                                               errorRate: 0, observedAt: EpochMillis(second * 1000),
                                               detail: state == .critical ? "connection refused" : "")))
        }
        try writer.apply(updates)
        #expect(try writer.prune(samplesBefore: 100_000, historyBefore: 0) == 5, "every raw sample is past its window")
        let history = try CacheReader(path: path).healthHistory(siteID: "london", serviceID: "core", minutes: 10)
        #expect(history.minutes == [
            HealthMinute(minute: 0, samples: 3, worstState: .critical, lastState: .ok, minLatencyMs: 40, maxLatencyMs: 90, lastLatencyMs: 90),
            HealthMinute(minute: 60_000, samples: 2, worstState: .ok, lastState: .ok, minLatencyMs: 20, maxLatencyMs: 20, lastLatencyMs: 20),
        ])
        #expect(history.changes == [HealthChange(at: 0, state: .ok, detail: ""),
                                    HealthChange(at: 20_000, state: .critical, detail: "connection refused"),
                                    HealthChange(at: 40_000, state: .ok, detail: "")],
                "only changes are kept, not every result")
        #expect(try writer.prune(samplesBefore: 100_000, historyBefore: 60_000) == 4, "minute 0 and its changes go")
    }

    @Test("a value this build does not know reads as unknown, not healthy")
    func unknownValues() throws {
        let writer = try CacheWriter(path: path)
        try writer.apply([.topology(sites: [Self.london],
                                    services: [Service(id: "core", name: "Core", tier: 1, rtoSeconds: 9, rpoSeconds: 5)],
                                    links: [])])
        try writer.apply([.health(HealthCheck(siteID: "london", serviceID: "core", state: .ok, latencyMs: 1,
                                              errorRate: 0, observedAt: 1))])
        try writer.rawExecuteForTesting("UPDATE health_check SET state = 'degraded-v9'")
        #expect(try CacheReader(path: path).snapshot().healthChecks.first?.state == .unknown)
    }
}
