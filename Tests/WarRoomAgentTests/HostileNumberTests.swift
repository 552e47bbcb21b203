import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes

/// Numbers from outside, generated: edge values and many random ones per
/// parser. Nothing traps; what cannot be the quantity is `unknown` with the reason.
@Suite("Numbers from outside never trap")
struct HostileNumberTests {
    /// The values servers have been seen to send, and the ones between.
    static let edges: [Double] = [
        .nan, .infinity, -.infinity, 0, -0.0, 1e-300, -1e-300, 1, -1, 0.5, 9.2e18, -9.2e18, 1e19, 1e300, -1e300,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 9_007_199_254_740_993,
    ]

    static func generated(count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        var values = edges
        for _ in 0..<count {
            // Any bit pattern: subnormals, NaNs with payloads, every exponent.
            values.append(Double(bitPattern: random.next()))
            values.append((random.unit() - 0.5) * pow(10, Double(random.next() % 40)))
        }
        return values
    }

    static let queries = [
        PrometheusQuery(.linkLag(linkID: "orders:ny>ld"), expression: "lag"),
        PrometheusQuery(.up(siteID: "ld", serviceID: "orders"), expression: "up"),
        PrometheusQuery(.latency(siteID: "ld", serviceID: "web", warningSeconds: 0.2, criticalSeconds: 1), expression: "p99"),
    ]

    @Test("Prometheus samples: non-finite and impossible values are unknown, naming the value; finite ones are used")
    func prometheusSamples() {
        for value in Self.generated(count: 2_000, seed: 7) {
            for query in Self.queries {
                let event = query.event(.success([PrometheusSample(labels: [:], value: value)]), at: 1_000)
                let isUp: Bool = if case .up = query.meaning { true } else { false }
                let usable = value.isFinite && abs(value) <= OutsideNumber.limit && (isUp || value >= 0)
                switch event {
                case .replication(let seen):
                    #expect((seen.state == .unknown) == !usable, "lag \(value)")
                    #expect(seen.lagSeconds == (usable ? value : nil))
                    if !usable { #expect(seen.detail?.hasPrefix("Prometheus: lag = ") == true, "\(seen.detail ?? "")") }
                case .health(let check):
                    #expect((check.state == .unknown) == !usable, "\(query.expression) \(value)")
                    _ = check.latencyMs.map { Format.seconds($0 / 1000) }
                default:
                    Issue.record("unexpected event")
                }
            }
        }
    }

    @Test("±Inf, NaN and a negative latency are said in words, and one bad series of several makes the worst unknown")
    func prometheusWords() {
        let lag = Self.queries[0]
        for (value, words) in [(Double.infinity, "+Inf (not a finite number)"), (-.infinity, "-Inf (not a finite number)"),
                               (.nan, "NaN (not a number)"), (-3, "-3 (negative, which this cannot be)")] {
            guard case .replication(let seen) = lag.event(.success([PrometheusSample(labels: [:], value: value)]), at: 1) else {
                Issue.record("not a replication event")
                continue
            }
            #expect(seen.state == .unknown && seen.dataAtRiskSeconds == nil)
            #expect(seen.detail == "Prometheus: lag = \(words)")
        }
        guard case .health(let mixed) = Self.queries[2].event(.success([PrometheusSample(labels: [:], value: 0.1),
                                                                        PrometheusSample(labels: [:], value: .infinity)]), at: 1) else {
            Issue.record("not a health event")
            return
        }
        #expect(mixed.state == .unknown && mixed.detail == "Prometheus: p99 = +Inf (not a finite number) (worst of 2 series)")
    }

    @Test("Prometheus answers whose value text is +Inf, -Inf, NaN, huge, empty or cut are read or refused, never trapped on")
    func prometheusText() {
        let texts = ["+Inf", "-Inf", "NaN", "1e400", "-1e400", "", "1e", "0x10", "１", "9223372036854775808", "-0"]
        for text in texts {
            let body = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"\#(text)"]}]}}"#
            for cut in [body.count, body.count / 2, 10, 0] {
                let answer = PrometheusAnswer.parse(status: 200, body: Array(body.utf8.prefix(cut)))
                for query in Self.queries { _ = query.event(answer, at: 1) }
            }
        }
    }

    @Test("Redis INFO fields that are negative, huge, empty or not numbers are unknown and named; the link is judged without them")
    func redisFields() {
        var random = SeededRandom(seed: 11)
        let hostile = ["-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999", "", "abc", "1e5", " 5",
                       "NaN", "inf", "0", "18446744073709551615"]
        for _ in 0..<500 {
            func pick() -> String { hostile[Int(random.next() % UInt64(hostile.count))] }
            let master = RedisReplicationInfo.parse("""
                role:master
                master_repl_offset:\(pick())
                slave0:ip=127.0.0.1,port=\(pick()),state=online,offset=\(pick()),lag=\(pick())
                """)
            let replica = RedisReplicationInfo.parse("""
                role:slave
                master_link_status:\(["up", "down"][Int(random.next() % 2)])
                master_sync_in_progress:\(pick())
                slave_repl_offset:\(pick())
                master_link_down_since_seconds:\(pick())
                master_sync_total_bytes:\(pick())
                master_sync_read_bytes:\(pick())
                """)
            let reading = RedisLinkReading.judge(master: .success(master), replica: .success(replica), replicaPort: 6380)
            if let bytes = reading.lagBytes { #expect(bytes >= 0) }
            _ = ReplicationObservation.measured(linkID: "l", state: reading.state, at: 1,
                                                primary: StreamPosition(heartbeatAt: nil, bytes: reading.masterOffset), primarySeenAt: 1,
                                                primaryAnswersNow: true,
                                                standby: StreamPosition(heartbeatAt: nil, bytes: reading.replicaOffset))
        }
        let negative = RedisReplicationInfo.parse("role:master\nmaster_repl_offset:-5\n")
        #expect(negative.masterReplOffset == nil && negative.unreadable == ["master_repl_offset = -5 (negative, which this cannot be)"])
    }

    @Test("positions and heartbeats at the ends of Int64 give unknown data at risk, never a trap")
    func extremePositions() {
        let values: [Int64] = [.min, .max, -1, 0, 1, .max - 1, .min + 1]
        for primary in values {
            for standby in values {
                let risk = RecoveryObjectives.dataAtRisk(lastPrimarySeen: StreamPosition(heartbeatAt: primary, bytes: primary),
                                                         standby: StreamPosition(heartbeatAt: standby, bytes: standby))
                if let bytes = risk.bytes { #expect(bytes >= 0) }
                _ = risk.seconds.map(Format.seconds)
                _ = Format.utc(primary)
                _ = primary.adding(seconds: Double(standby))
            }
        }
    }

    @Test("plugin performance data with inf, nan and huge values are kept as unreadable, not used")
    func pluginPerformance() {
        let output = PluginOutput(exitStatus: 0, output: "OK | a=inf b=nan c=1e400s d=-Infms e=5s;1;2;inf;nan f=")
        #expect(output.performance.map(\.label) == ["e"])
        #expect(output.unreadablePerformance == ["a=inf", "b=nan", "c=1e400s", "d=-Infms", "f="])
        #expect(output.performance.first?.minimum == nil && output.performance.first?.maximum == nil)
    }

    @Test("durations in files and flags: over ten years, non-finite or not a number are refused, never trapped on")
    func durations() {
        for text in ["1e300d", "inf", "nan", "-inf", "1e20", "3651d", "99999999999999999999h", "", "s", "5"] {
            let seconds = DurationText.seconds(text)
            if let seconds { #expect(abs(seconds) <= DurationText.longestSeconds, "\(text)") }
        }
        #expect(DurationText.seconds("3650d") == Double(3650 * 86_400))
        #expect(DurationText.seconds("3651d") == nil)
    }
}
