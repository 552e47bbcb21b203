import Foundation
import Testing
import WarRoomAgent
import WarRoomClock
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

@Suite("Prometheus instant queries, read and mapped")
struct PrometheusAnswerTests {
    static func parse(_ text: String, status: Int = 200) -> Result<[PrometheusSample], PrometheusProblem> {
        PrometheusAnswer.parse(status: status, body: Array(text.utf8))
    }

    @Test("recorded answers of Prometheus 2.42: a vector, a NaN scalar, a parse error")
    func recorded() throws {
        let vector = try Self.parse("""
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"pg_up","instance":"127.0.0.1:48399",\
            "job":"postgres","site":"new-york"},"value":[1795613118.037,"1"]},{"metric":{"__name__":"pg_up","instance":"127.0.0.1:58493",\
            "job":"postgres","site":"london"},"value":[1795613118.037,"0"]}]}}
            """).get()
        #expect(vector.map(\.value) == [1, 0] && vector[1].labels["site"] == "london")
        let scalar = try Self.parse(#"{"status":"success","data":{"resultType":"scalar","result":[1795613118.057,"NaN"]}}"#).get()
        #expect(scalar.count == 1 && scalar[0].value.isNaN)
        #expect(Self.parse(#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:12: parse error: unclosed left parenthesis"}"#,
                           status: 400).failureDescription
                == #"bad_data: invalid parameter "query": 1:12: parse error: unclosed left parenthesis"#)
    }

    @Test("a range result, junk, a value that is no number: each named", arguments: [
        (#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#, "a matrix result: give an instant expression that yields a vector or a scalar"),
        ("<html>502 Bad Gateway</html>", "HTTP 200: the answer is not JSON"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"lots"]}]}}"#, "a series whose value is not [time, \"number\"]"),
        (#"{"status":"success"}"#, "the answer has no status \"success\" and no data"),
    ])
    func malformed(text: String, problem: String) {
        #expect(Self.parse(text).failureDescription == problem)
    }

    @Test("values mean what the query is for: the worst series counts; errors and empty answers are unknown with the reason")
    func meaning() {
        let lag = PrometheusQuery(.linkLag(linkID: "orders:ny>ld"), expression: "pg_replication_lag")
        guard case .replication(let seen) = lag.event(.success([PrometheusSample(labels: [:], value: 2.5),
                                                               PrometheusSample(labels: [:], value: 7.25)]), at: 1_000) else {
            Issue.record("not a replication event")
            return
        }
        #expect(seen.state == .streaming && seen.lagSeconds == 7.25 && seen.dataAtRiskSeconds == 7.25)
        #expect(seen.detail == "Prometheus: pg_replication_lag = 7.250 (worst of 2 series)")
        guard case .replication(let empty) = lag.event(.success([]), at: 1_000),
              case .replication(let broken) = lag.event(.failure(PrometheusProblem("bad_data: parse error")), at: 1_000) else { return }
        #expect(empty.state == .unknown && empty.lagSeconds == nil && empty.detail == "Prometheus: pg_replication_lag returned no series")
        #expect(broken.state == .unknown && broken.detail == "Prometheus: bad_data: parse error")

        let up = PrometheusQuery(.up(siteID: "ld", serviceID: "orders"), expression: "pg_up")
        guard case .health(let down) = up.event(.success([PrometheusSample(labels: [:], value: 1), PrometheusSample(labels: [:], value: 0)]), at: 1) else { return }
        #expect(down.state == .critical, "one of two instances down is down")
        let latency = PrometheusQuery(.latency(siteID: "ld", serviceID: "web", warningSeconds: 0.2, criticalSeconds: 1), expression: "p99")
        guard case .health(let slow) = latency.event(.success([PrometheusSample(labels: [:], value: 0.35)]), at: 1),
              case .health(let nan) = latency.event(.success([PrometheusSample(labels: [:], value: .nan)]), at: 1) else { return }
        #expect(slow.state == .warning && slow.latencyMs == 350)
        #expect(nan.state == .unknown && nan.detail == "Prometheus: p99 = NaN (not a number)")
    }

    @Test("the configuration names what each query is for; a link measured twice, or a query of two kinds, is refused")
    func configuration() throws {
        let base = LinkConfigTests.base + """
              - { data: session-state, from: ny, to: ld, mode: async }
            prometheus:
              url: http://127.0.0.1:9090
              interval: 2s
              queries:

            """
        let good = try ConfigFile.parse(base + """
                - { link: "session-state:ny>ld", lag: 'max(pg_replication_lag{site="ld"})' }
                - { site: ld, service: sessions, up: 'redis_up{site="ld"}' }
                - { site: ny, service: sessions, latency: 'histogram_quantile(0.99, rate(x[5m]))', warning: 200ms, critical: 1s }
            """, file: "p.yaml", folder: "/nonexistent").get()
        #expect(good.prometheus?.queries == [
            PrometheusQuery(.linkLag(linkID: "session-state:ny>ld"), expression: #"max(pg_replication_lag{site="ld"})"#),
            PrometheusQuery(.up(siteID: "ld", serviceID: "sessions"), expression: #"redis_up{site="ld"}"#),
            PrometheusQuery(.latency(siteID: "ny", serviceID: "sessions", warningSeconds: 0.2, criticalSeconds: 1),
                            expression: "histogram_quantile(0.99, rate(x[5m]))"),
        ])
        #expect(good.prometheus?.intervalSeconds == 2)
        let bad = ConfigFile.parse(base + """
                - { link: "session-state:ny>sg", lag: x }
                - { site: ld, service: sessions, up: x, latency: y }
                - { site: mars, service: sessions, up: x }
            """, file: "p.yaml", folder: "/nonexistent")
        guard case .failure(let invalid) = bad else {
            Issue.record("bad queries were accepted")
            return
        }
        let text = invalid.description
        #expect(text.contains("prometheus.queries[1].link: no replication link 'session-state:ny>sg' (links: session-state:ny>ld)"))
        #expect(text.contains("prometheus.queries[2].up: a query is one of `lag:`, `up:` or `latency:`, not 2"))
        #expect(text.contains("prometheus.queries[3].site: no site 'mars'"))
    }
}

/// Instant queries against the lab's Prometheus, which scrapes postgres_exporter.
@Suite("Prometheus against the lab's server", .enabled(if: Lab.shouldRun))
struct PrometheusLabTests {
    @Test("a configured query maps to a link's lag; a broken query is unknown with Prometheus's error text")
    func queries() async throws {
        let lab = try Lab()
        let source = PrometheusSource(settings: PrometheusSettings(
            url: "http://127.0.0.1:\(lab.port("PROMETHEUS_PORT"))",
            queries: [PrometheusQuery(.linkLag(linkID: "orders:new-york>london"), expression: #"max(pg_replication_lag{site="london"})"#),
                      PrometheusQuery(.linkLag(linkID: "orders:new-york>london"), expression: "rate(pg_up[5m")],
            timeoutSeconds: 2), now: { SystemClock().now })
        // The exporters are scraped every 2 s: the series appears within a few rounds of a fresh lab.
        var events: [AgentEvent] = []
        for _ in 0..<40 {
            await source.poll()
            events = source.observe(until: SystemClock().now)
            if case .replication(let seen)? = events.first, seen.lagSeconds != nil { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        guard events.count == 2, case .replication(let lag) = events[0], case .replication(let broken) = events[1] else {
            Issue.record("not two replication events: \(events)")
            return
        }
        #expect(lag.linkID == "orders:new-york>london" && lag.state == .streaming, "\(lag.detail ?? "")")
        // The lab's exporter says the time since the standby last replayed a transaction: it grows while nothing
        // writes (a lab whose agents stopped), so only its unit is checked: seconds, not milliseconds.
        #expect(lag.lagSeconds.map { $0 >= 0 && $0 < 3600 } == true, "\(lag.detail ?? "")")
        #expect(broken.state == .unknown && broken.lagSeconds == nil)
        #expect(broken.detail?.hasPrefix("Prometheus: bad_data: invalid parameter \"query\"") == true, "\(broken.detail ?? "")")
    }
}
