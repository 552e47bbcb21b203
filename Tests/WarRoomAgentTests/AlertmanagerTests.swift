import Foundation
import Testing
import WarRoomClock
import WarRoomOperators
import WarRoomModel
import WarRoomProbes
import WarRoomStore
import WarRoomTestSupport

@Suite("Alertmanager's API v2, read defensively")
struct AlertmanagerPayloadTests {
    /// Recorded from Alertmanager 0.25 (Debian's prometheus-alertmanager): one active, one silenced.
    static let recorded = """
        [{"annotations":{"summary":"The standby at london is 12 s behind"},"endsAt":"2026-11-25T13:24:13.514Z",\
        "fingerprint":"5750c320dadd9fad","receivers":[{"name":"lab"}],"startsAt":"2026-11-25T13:19:13.514Z",\
        "status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-11-25T13:19:13.514Z",\
        "labels":{"alertname":"PostgresReplicationLagHigh","job":"postgres","severity":"warning","site":"london"}},\
        {"annotations":{"summary":"disk full on db1"},"endsAt":"2026-11-25T13:23:26.849Z","fingerprint":"a9789bec14220be2",\
        "receivers":[{"name":"lab"}],"startsAt":"2026-11-25T13:18:26.849Z","status":{"inhibitedBy":[],\
        "silencedBy":["a158a777-6075-4a81-a2dc-1e5da5100dce"],"state":"suppressed"},"updatedAt":"2026-11-25T13:18:26.849Z",\
        "labels":{"alertname":"LabDiskFull","instance":"db1","severity":"critical","site":"london"}}]
        """
    static let mapping = AlertLabelMapping(siteIDs: ["london", "new-york"], serviceIDs: ["orders"])

    static func read(_ text: String) -> Result<([AlertmanagerAlert], [AlertmanagerProblem]), AlertmanagerProblem> {
        AlertmanagerSource.read(.success((200, Array(text.utf8))))
    }

    @Test("a recorded answer: state, severity, site, silences, times to the millisecond")
    func recordedAnswer() throws {
        let (alerts, problems) = try Self.read(Self.recorded).get()
        #expect(problems.isEmpty)
        let mapped = alerts.map { $0.alert(Self.mapping) }
        #expect(mapped.map(\.name) == ["PostgresReplicationLagHigh", "LabDiskFull"])
        #expect(mapped.map(\.state) == [.firing, .silenced])
        #expect(mapped.map(\.severity) == [.warning, .critical])
        #expect(mapped.map(\.siteID) == ["london", "london"])
        #expect(mapped[1].silenceIDs == ["a158a777-6075-4a81-a2dc-1e5da5100dce"])
        #expect(mapped[0].startsAt == RFC3339.parse("2026-11-25T13:19:13.514Z") && mapped[0].startsAt % 1000 == 514)
        #expect(mapped[0].summary == "The standby at london is 12 s behind")
    }

    @Test("inhibited, unprocessed, an unknown site and an unknown severity: each mapped, none guessed")
    func states() throws {
        let text = """
            [{"fingerprint":"1","labels":{"alertname":"A","site":"mars","severity":"page"},"startsAt":"2026-11-25T13:00:00Z",
              "status":{"state":"suppressed","silencedBy":[],"inhibitedBy":["2"]}},
             {"fingerprint":"2","labels":{"alertname":"B"},"startsAt":"2026-11-25T13:00:00.123456789+01:00",
              "status":{"state":"unprocessed"}}]
            """
        let alerts = try Self.read(text).get().0.map { $0.alert(Self.mapping) }
        #expect(alerts[0].state == .inhibited && alerts[0].severity == .critical)
        #expect(alerts[0].siteID == nil && alerts[0].labels["site"] == "mars", "a site that is not configured stays a label")
        #expect(alerts[1].state == .firing && alerts[1].severity == .warning, "no severity label is a warning, not info")
        #expect(alerts[1].startsAt == RFC3339.parse("2026-11-25T12:00:00.123Z"))
    }

    @Test("malformed alerts are named and left out one by one; a malformed answer is a failure with the reason")
    func malformed() throws {
        let text = """
            [{"fingerprint":"ok","labels":{"alertname":"Fine"},"startsAt":"2026-11-25T13:00:00Z","status":{"state":"active"}},
             {"labels":{"alertname":"NoPrint"},"startsAt":"2026-11-25T13:00:00Z","status":{"state":"active"}},
             {"fingerprint":"f2","labels":{"alertname":1},"startsAt":"2026-11-25T13:00:00Z","status":{"state":"active"}},
             {"fingerprint":"f3","labels":{},"startsAt":"yesterday","status":{"state":"active"}},
             {"fingerprint":"f4","labels":{},"startsAt":"2026-11-25T13:00:00Z"},
             "junk"]
            """
        let (alerts, problems) = try Self.read(text).get()
        #expect(alerts.map(\.fingerprint) == ["ok"])
        #expect(problems.compactMap(\.fingerprint) == ["f2", "f3", "f4"], "unreadable but present: never resolved for it")
        #expect(problems.map(\.description) == [
            "an alert without a fingerprint", "alert f2: labels missing or not strings",
            "alert f3: startsAt missing or not RFC 3339", "alert f4: status.state missing", "an alert that is not an object",
        ])
        #expect(Self.read("{\"not\": \"a list\"}").failureDescription == "/api/v2/alerts did not answer with a JSON array")
        #expect(AlertmanagerSource.read(.success((503, Array("upstream down\n".utf8)))).failureDescription
            == "HTTP 503 from /api/v2/alerts: upstream down")
        #expect(AlertmanagerSource.read(.failure(.init("127.0.0.1:9: connection refused by 127.0.0.1:9"))).failureDescription
            == "127.0.0.1:9: connection refused by 127.0.0.1:9")
    }

    @Test("RFC 3339 as Go writes it: nine fractional digits, offsets; anything else is not a time", arguments: [
        ("2026-11-25T13:10:00Z", Optional<EpochMillis>(1_795_612_200_000)),
        ("2026-11-25T13:10:00.5Z", 1_795_612_200_500),
        ("2026-11-25T13:10:00.123456789Z", 1_795_612_200_123),
        ("2026-11-25T14:10:00+01:00", 1_795_612_200_000),
        ("2026-11-25 13:10:00", nil), ("2026-11-25T13:10:00.Z", nil), ("2026-11-25T13:10:00.1234567891Z", nil), ("", nil),
    ])
    func timestamps(text: String, expected: EpochMillis?) {
        #expect(RFC3339.parse(text) == expected)
    }

    @Test("a silence matches the alert's every label exactly, made by and for whom the operator said")
    func silenceBody() throws {
        let alert = Alert(fingerprint: "f", name: "LabDiskFull", severity: .critical, state: .firing, siteID: "london",
                          serviceID: nil, summary: "", labels: ["alertname": "LabDiskFull", "site": "london"], startsAt: 0)
        let body = AlertmanagerSilencer.body(for: alert, from: 1_795_612_200_000, until: 1_795_619_400_000, createdBy: "alice",
                                             comment: "disk swap")
        let json = try #require(JSONValue.parse(Array(body)))
        #expect(json["createdBy"]?.string == "alice" && json["comment"]?.string == "disk swap")
        #expect(json["startsAt"]?.string == "2026-11-25T13:10:00.000Z" && json["endsAt"]?.string == "2026-11-25T15:10:00.000Z")
        guard case .array(let matchers)? = json["matchers"] else { Issue.record("no matchers"); return }
        #expect(matchers == [
            .object(["name": .string("alertname"), "value": .string("LabDiskFull"), "isRegex": .bool(false), "isEqual": .bool(true)]),
            .object(["name": .string("site"), "value": .string("london"), "isRegex": .bool(false), "isEqual": .bool(true)]),
        ])
    }
}

extension Result {
    var failureDescription: String? {
        if case .failure(let failure) = self { return "\(failure)" }
        return nil
    }
}

/// Alerts posted to the lab's real Alertmanager, read, silenced from warroom and resolved.
@Suite("Alertmanager against the lab's server", .serialized, .enabled(if: Lab.shouldRun))
struct AlertmanagerLabTests {
    let lab: Lab
    let settings: AlertmanagerSettings

    init() throws {
        lab = try Lab()
        settings = AlertmanagerSettings(url: "http://127.0.0.1:\(lab.port("ALERTMANAGER_PORT"))",
                                        mapping: AlertmanagerPayloadTests.mapping, intervalSeconds: 1, timeoutSeconds: 2)
    }

    /// Posts an alert (ended `endedSecondsAgo` ago, or active).
    func post(_ labels: [String: String], summary: String, endedSecondsAgo: Double? = nil) async throws {
        var alert: [String: Any] = ["labels": labels, "annotations": ["summary": summary]]
        if let ago = endedSecondsAgo {
            let now = Date().timeIntervalSince1970 * 1000
            alert["startsAt"] = RFC3339.format(EpochMillis(now - 60_000))
            alert["endsAt"] = RFC3339.format(EpochMillis(now - ago * 1000))
        }
        let body = try JSONSerialization.data(withJSONObject: [alert])
        let answer = await HTTPExchange().send(.POST, settings.url + "/api/v2/alerts", json: body, timeout: 5)
        #expect((try? answer.get().status) == 200)
    }

    func poll(_ source: AlertmanagerSource) async -> [AgentEvent] {
        await source.poll()
        return source.observe(until: SystemClock().now)
    }

    @Test("posted alerts appear with their severity, state and site; a silence made from warroom is Alertmanager's own; ended alerts resolve")
    func lifecycle() async throws {
        let run = UUID().uuidString.prefix(8)
        let labels = ["alertname": "WarroomLabTest", "severity": "critical", "site": "london", "run": String(run)]
        try await post(labels, summary: "disk full on db1 \u{1B}[31m(red)\u{1B}[0m")
        let source = AlertmanagerSource(settings: settings, now: { SystemClock().now })
        let events = await poll(source)
        let alert = try #require(events.compactMap { event -> Alert? in
            if case .alert(let alert) = event, alert.labels["run"] == String(run) { return alert }
            return nil
        }.first)
        #expect(alert.state == .firing && alert.severity == .critical && alert.siteID == "london")
        #expect(events.contains { if case .sourceStatus(let status) = $0 { status.ok } else { false } })

        // Silenced from warroom, as an operator, through the cache's action rules and audit.
        let directory = TemporaryDirectory()
        let writer = try CacheWriter(path: directory.file("cache.sqlite"))
        try writer.apply(events)
        let actions = DirectOperatorActions(identity: OperatorIdentity(name: "alice"), writer: writer,
                                            silencer: AlertmanagerSilencer(settings: settings))
        let outcome = try await offTheCooperativePool {
            try actions.silence(alertFingerprint: alert.fingerprint, durationSeconds: 3600, reason: "disk swap")
        }
        #expect(outcome.isRecorded, "\(outcome.message)")
        let silences = try await HTTPExchange().send(.GET, settings.url + "/api/v2/silences", timeout: 5).get()
        guard case .array(let list)? = JSONValue.parse(silences.body) else { Issue.record("no silences list"); return }
        let ours = list.first { $0["createdBy"]?.string == "alice" && $0["comment"]?.string == "disk swap" }
        #expect(ours?["status"]?["state"]?.string == "active", "Alertmanager's own API lists the silence")
        let silenced = await poll(source).compactMap { event -> Alert? in
            if case .alert(let seen) = event, seen.fingerprint == alert.fingerprint { return seen }
            return nil
        }
        #expect(silenced.first?.state == .silenced, "Alertmanager says suppressed, silenced by it")
        #expect(try writer.auditTrail().contains { $0.action == "silence" && $0.actor == "alice" })
        let refused = try await offTheCooperativePool { try actions.silence(alertFingerprint: "nope", durationSeconds: 3600, reason: "x") }
        #expect(!refused.isRecorded && refused.message == "no alert nope")
        #expect(try await offTheCooperativePool { try actions.expireSilence(alertFingerprint: alert.fingerprint) }.isRecorded)

        // Ended: Alertmanager stops listing it, and it resolves.
        try await post(labels, summary: "disk full on db1", endedSecondsAgo: 1)
        var resolvedSet: [String]?
        for _ in 0..<10 where resolvedSet?.contains(alert.fingerprint) != false {
            for event in await poll(source) {
                if case .alertsPresent(let present, _) = event { resolvedSet = present }
            }
            if resolvedSet?.contains(alert.fingerprint) == false { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(resolvedSet?.contains(alert.fingerprint) == false, "the ended alert is no longer present")
        try writer.apply([.alertsPresent(fingerprints: resolvedSet ?? [], at: SystemClock().now)])
        #expect(try writer.alert(fingerprint: alert.fingerprint)?.state == .resolved)
    }

    @Test("an Alertmanager that does not answer is said, with the reason")
    func unreachable() async throws {
        let source = AlertmanagerSource(settings: AlertmanagerSettings(url: "http://127.0.0.1:1", timeoutSeconds: 1),
                                        now: { SystemClock().now })
        let events = await poll(source)
        guard case .sourceStatus(let status)? = events.first else { Issue.record("no status: \(events)"); return }
        #expect(!status.ok && status.detail == "connection refused by 127.0.0.1:1")
    }
}
