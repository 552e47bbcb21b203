import Testing
import WarRoomAgent
import WarRoomProbes
import WarRoomModel
import WarRoomStore

@Suite("Simulator")
struct SimulatorTests {
    static let start: EpochMillis = 1_795_424_400_000

    func run(seed: UInt64, to seconds: Double, chunk: Double, scenario: Scenario = .primaryPowerLoss) -> [AgentEvent] {
        var configuration = Simulator.Configuration(seed: seed, scenario: scenario, startAt: Self.start,
                                                    topology: DemoTopology.example)
        var simulator = Simulator(configuration)
        var updates: [AgentEvent] = []
        var at = 0.0
        repeat {
            at = min(seconds, at + chunk)
            updates += simulator.advance(to: Self.start.adding(seconds: at))
        } while at < seconds
        return updates
    }

    @Test("the same seed gives the same run, however the time is sliced")
    func deterministic() {
        let whole = run(seed: 7, to: 900, chunk: 900)
        #expect(whole == run(seed: 7, to: 900, chunk: 900))
        #expect(whole == run(seed: 7, to: 900, chunk: 0.7))
        #expect(whole == run(seed: 7, to: 900, chunk: 61))
    }

    @Test("the network-partition drill: New York is cut off after a minute, in the checks' words")
    func networkPartition() {
        let updates = run(seed: 7, to: 120, chunk: 120, scenario: .networkPartition)
        let failed = updates.compactMap { if case .health(let check) = $0, check.state == .critical { check } else { nil } }
        #expect(!failed.isEmpty && failed.allSatisfy { $0.siteID == "new-york" && $0.detail.hasPrefix("no route to host") })
        #expect(failed.map(\.observedAt).min() ?? 0 >= Self.start.adding(seconds: 60))
    }

    @Test("the simulator only observes: an outage gives failed checks and alerts, never an incident, a plan or a timeline line")
    func observesOnly() {
        for scenario in Scenario.all {
            let updates = run(seed: 7, to: 900, chunk: 900, scenario: scenario)
            let declared = updates.filter {
                switch $0 {
                case .incident, .plan, .timeline, .automaticFailover: true
                default: false
                }
            }
            #expect(declared.isEmpty, "\(scenario.name): \(declared.count) declarations")
        }
        let alerts = run(seed: 7, to: 600, chunk: 600).compactMap { if case .alert(let alert) = $0 { alert } else { nil } }
        #expect(alerts.contains { $0.name == "SiteUnreachable" && $0.siteID == "new-york" && $0.state == .firing })
    }

    @Test("another seed gives other measurements")
    func seedMatters() {
        #expect(run(seed: 7, to: 120, chunk: 120) != run(seed: 8, to: 120, chunk: 120))
    }

    @Test("before the power loss nothing is wrong")
    func calmBeforeTheStorm() {
        let updates = run(seed: 7, to: 170, chunk: 170)
        let failed = updates.compactMap { if case .health(let check) = $0, check.state == .critical { check } else { nil } }
        #expect(failed.isEmpty)
        #expect(!updates.contains { if case .incident = $0 { true } else { false } })
        #expect(!updates.contains { if case .plan = $0 { true } else { false } })
    }

    @Test("the seed's alert rules fire: site down, error rate, p99 latency, replication lag over RPO")
    func alertsFire() {
        let updates = run(seed: 7, to: 600, chunk: 600)
        let fired = Set(updates.compactMap { if case .alert(let alert) = $0, alert.state == .firing { alert.name } else { nil } })
        #expect(fired.isSuperset(of: ["SiteUnreachable", "HighErrorRate", "HighLatencyP99", "ReplicationLagOverRPO"]))
    }

    @Test("a broken stream is disconnected and its lag keeps growing; its bytes are unknown, never zero")
    func brokenStream() throws {
        let updates = run(seed: 7, to: 400, chunk: 400)
        let samples = updates.compactMap { update -> (LinkState, Double?, Int64?, EpochMillis)? in
            if case .replication(let seen) = update,
               seen.linkID == "session-state:new-york>london" { (seen.state, seen.lagSeconds, seen.lagBytes, seen.observedAt) } else { nil }
        }
        let after = samples.filter { $0.3 > Self.start.adding(seconds: 180) }
        #expect(after.allSatisfy { $0.0 == .disconnected && $0.2 == nil })
        let lags = after.compactMap(\.1)
        #expect(lags == lags.sorted() && lags.last! > 200)
    }

    @Test("normal lag is realistic: London in tens of ms, Singapore in hundreds, analytics and logs in minutes")
    func realisticLag() {
        let updates = run(seed: 7, to: 170, chunk: 170, scenario: .steady)
        var latest: [String: Double] = [:]
        for case .replication(let seen) in updates { if let lag = seen.lagSeconds { latest[seen.linkID] = lag } }
        #expect(latest["session-state:new-york>london"].map { $0 >= 0.005 && $0 < 0.1 } == true)
        #expect(latest["registry:new-york>singapore"].map { $0 >= 0.1 && $0 < 1.5 } == true)
        #expect(latest["analytics:new-york>london"].map { $0 >= 60 && $0 < 900 } == true)
        #expect(latest["logs:new-york>singapore"].map { $0 >= 20 && $0 < 3600 } == true)
        #expect(latest["transaction-log:new-york>london"] == 0)
    }
}
