import Foundation
import Testing
import WarRoomClock
import WarRoomModel
import WarRoomProbes

/// A link kind no part of warroom names: it measures a fixed lag.
struct FixedLagKind: LinkKind, Equatable {
    var lagSeconds: Double
    var secret: SecretReference? { nil }

    func makeProbe(linkID: String, tools: LinkProbeTools) -> any LinkProbe {
        FixedLagProbe(linkID: linkID, lagSeconds: lagSeconds, now: tools.now)
    }
}

struct FixedLagProbe: LinkProbe {
    var linkID: String
    var lagSeconds: Double
    var now: @Sendable () -> EpochMillis

    func measure(timeout: Double) async -> LinkMeasurement {
        LinkMeasurement(observation: ReplicationObservation(linkID: linkID, state: .streaming, observedAt: now(),
                                                            lagSeconds: lagSeconds),
                        detail: "fixed", oneEndNotPrimary: true)
    }
}

@Suite("Link kinds and the one scheduled runner")
struct LinkKindTests {
    @Test("a link kind the schedule has never heard of is measured all the same, on its schedule, until stopped")
    func newKind() async throws {
        let check = LinkCheck(linkID: "orders:a>b", sourceSiteID: "a", targetSiteID: "b", kind: FixedLagKind(lagSeconds: 0.25),
                              intervalSeconds: 0.1, timeoutSeconds: 0.5, jitterSeconds: 0)
        let schedule = ReplicationProbes(checks: [check], now: { SystemClock().now })
        schedule.start()
        var lags: [Double?] = []
        // Generous: on two loaded cores the other suites' blocking waits can hold the shared pools a while.
        let deadline = Date().addingTimeInterval(30)
        while lags.isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            lags = schedule.observe(until: SystemClock().now).compactMap {
                if case .replication(let seen) = $0 { seen.lagSeconds } else { nil }
            }
        }
        #expect(lags == [0.25])
        schedule.stop()
        try await Task.sleep(for: .milliseconds(300))
        _ = schedule.observe(until: SystemClock().now)
        try await Task.sleep(for: .milliseconds(400))
        #expect(schedule.observe(until: SystemClock().now).isEmpty, "stopped: no run after stop")
    }

    @Test("links compare by their kind's settings")
    func equality() {
        func link(_ kind: any LinkKind) -> LinkCheck {
            LinkCheck(linkID: "x:a>b", sourceSiteID: "a", targetSiteID: "b", kind: kind, intervalSeconds: 1, timeoutSeconds: 1,
                      jitterSeconds: 0)
        }
        #expect(link(FixedLagKind(lagSeconds: 1)) == link(FixedLagKind(lagSeconds: 1)))
        #expect(link(FixedLagKind(lagSeconds: 1)) != link(FixedLagKind(lagSeconds: 2)))
        #expect(link(FixedLagKind(lagSeconds: 1)) != link(RedisLinkCheck(master: ServerAddress(host: "h", port: 1),
                                                                         replica: ServerAddress(host: "h", port: 2))))
    }
}
