import Testing
import WarRoomModel

/// The evidence that a site's primary still serves: a standby elsewhere
/// streaming from it, whose stream still advances.
@Suite("Evidence that a primary still serves")
struct ServingEvidenceTests {
    static func link(_ state: LinkState = .streaming, lag: Double?, observedAt: EpochMillis = 10_000) -> ReplicationLink {
        var link = ReplicationLink(id: "orders:new-york>london", dataType: "orders", sourceSiteID: "new-york",
                                   targetSiteID: "london", mode: .async, rpoSeconds: 5, silentAfterSeconds: 4)
        link.state = state
        link.lagSeconds = lag
        link.observedAt = observedAt
        return link
    }

    func evidence(_ link: ReplicationLink, at now: EpochMillis = 11_000) -> [String] {
        ServingEvidence.of([link], at: now, freshSeconds: 3, siteNames: ["london": "London"])["new-york"] ?? []
    }

    @Test("a standby that streams and has replayed a heartbeat written just now: the primary serves")
    func advancing() {
        #expect(evidence(Self.link(lag: 1.2)) == ["the orders standby at London still streams from it (its newest primary heartbeat is 1.2 s old)"])
        // A writer's clock a little ahead of this one: still fresh.
        #expect(evidence(Self.link(lag: -0.3)).count == 1)
    }

    @Test("'streaming' whose heartbeat stopped advancing (a silent connection after a power loss) is no evidence")
    func stalled() {
        #expect(evidence(Self.link(lag: 4.5)).isEmpty, "older than both the freshness (3 s) and two of the link's rounds (4 s)")
        #expect(evidence(Self.link(lag: .infinity)).isEmpty)
        #expect(evidence(Self.link(lag: .nan)).isEmpty)
    }

    @Test("without a heartbeat the link's state is all there is, and the words say so; not streaming or measured long ago is none")
    func noHeartbeat() {
        #expect(evidence(Self.link(lag: nil)) == ["the orders standby at London still streams from it (link up; no heartbeat shows it advancing)"])
        #expect(evidence(Self.link(.disconnected, lag: 0.5)).isEmpty)
        #expect(evidence(Self.link(lag: 0.5), at: 14_500).isEmpty, "measured 4.5 s ago, older than 3 s")
    }
}
