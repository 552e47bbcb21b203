import Testing
import WarRoomModel

/// The verdict on a site from the observers' views: down only when a quorum
/// outside it agrees for enough rounds and nothing says its primary serves.
@Suite("Site verdicts from observers' views")
struct SiteVerdictTests {
    static let sites = ["new-york", "london", "singapore"]
    static let names = ["new-york": "New York", "london": "London", "singapore": "Singapore"]
    let rule = VerdictRule(failedRounds: 3, staleAfterSeconds: 15)
    let now: EpochMillis = 100_000

    /// `observer`'s view of New York, read at `heldSince` (default: just now).
    func view(_ observer: String, _ state: ObservedState, rounds: Int = 0, of site: String = "new-york",
              heldSince: EpochMillis? = nil) -> ReadView {
        let failing = state == .down ? [FailingService(serviceID: "registry-db", reason: "connection refused")] : []
        return ReadView(view: ObserverView(observerSiteID: observer, siteID: site, state: state, failing: failing,
                                           failedRounds: rounds, observedAt: 0, round: 7, version: "0.1.0"),
                        heldSince: heldSince ?? now)
    }

    func verdict(_ views: [ReadView], serving: [String] = [], rule: VerdictRule? = nil,
                 observers: [String] = sites, of site: String = "new-york") -> SiteVerdict {
        SiteVerdict.of(site, observers: observers, views: views, servingEvidence: serving, rule: rule ?? self.rule,
                       at: now, siteNames: Self.names)
    }

    @Test("a majority outside, never fewer than 2 when 2 or more exist")
    func defaultQuorum() {
        #expect((0...5).map { VerdictRule.defaultQuorum(outside: $0) } == [0, 1, 2, 2, 3, 3])
        #expect(VerdictRule(failedRounds: 3, quorum: 1, staleAfterSeconds: 15).quorum(outside: 4) == 1)
    }

    @Test("two outside observers down for 3 rounds: down, with who saw what in words")
    func quorumMet() {
        let result = verdict([view("london", .down, rounds: 3), view("singapore", .down, rounds: 4)])
        #expect(result.kind == .down)
        #expect(result.agreeing == ["london", "singapore"])
        #expect(result.reason == "London and Singapore: New York down for 3 rounds (registry-db: connection refused); no standby streams from it")
    }

    @Test("one of two needed: suspect, naming who sees it up")
    func quorumNotMet() {
        let result = verdict([view("london", .down, rounds: 5), view("singapore", .up)])
        #expect(result.kind == .suspect)
        #expect(result.reason == "New York down as seen by London for 5 rounds (1 of 2 needed for 3 rounds); Singapore sees it up")
    }

    @Test("down everywhere but not yet for enough rounds: suspect, not down")
    func notLongEnough() {
        let result = verdict([view("london", .down, rounds: 2), view("singapore", .down, rounds: 2)])
        #expect(result.kind == .suspect)
        #expect(result.agreeing.isEmpty)
        #expect(result.reason == "New York down as seen by London for 2 rounds and Singapore for 2 rounds (0 of 2 needed for 3 rounds)")
    }

    @Test("a silent observer is unknown, never down: the other alone is suspect; all silent is unknown")
    func silentObservers() {
        let alone = verdict([view("london", .down, rounds: 3)])
        #expect(alone.kind == .suspect)
        #expect(alone.silent == ["singapore"])
        #expect(alone.reason.hasSuffix("; Singapore silent"))
        let none = verdict([])
        #expect(none.kind == .unknown)
        #expect(none.reason == "every observer outside New York is silent")
        let upAndSilent = verdict([view("singapore", .up)])
        #expect(upAndSilent.kind == .up)
        #expect(upAndSilent.reason == "Singapore sees New York up; London silent")
    }

    @Test("a view whose round stopped moving counts as silent, by this agent's clock")
    func staleView() {
        let stale = verdict([view("london", .down, rounds: 3, heldSince: now - 16_000), view("singapore", .down, rounds: 3)])
        #expect(stale.kind == .suspect)
        #expect(stale.silent == ["london"])
        let fresh = verdict([view("london", .down, rounds: 3, heldSince: now - 15_000), view("singapore", .down, rounds: 3)])
        #expect(fresh.kind == .down)
    }

    @Test("a standby still streaming from the primary vetoes down: unreachable, no plan")
    func streamingStandbyVeto() {
        let result = verdict([view("london", .down, rounds: 3), view("singapore", .down, rounds: 3)],
                             serving: ["the registry standby at London streams from it (received position advancing)"])
        #expect(result.kind == .unreachable)
        #expect(result.reason.contains("but its primary still serves: the registry standby at London streams from it"))
    }

    @Test("the observed site's own agent is left out of its own verdict")
    func ownAgentIgnored() {
        let selfCondemned = verdict([view("new-york", .down, rounds: 9), view("london", .up), view("singapore", .up)])
        #expect(selfCondemned.kind == .up)
        #expect(selfCondemned.reason == "London and Singapore see New York up")
        let selfVouched = verdict([view("new-york", .up), view("london", .down, rounds: 3), view("singapore", .down, rounds: 3)])
        #expect(selfVouched.kind == .down)
        #expect(selfVouched.quorum == 2)
    }

    @Test("views of other sites do not count for this one")
    func otherSites() {
        let result = verdict([view("london", .down, rounds: 3, of: "singapore"), view("singapore", .up)])
        #expect(result.kind == .up)
        #expect(result.silent == ["london"])
    }

    @Test("a flapping site (down 2 rounds, up 1, again and again) is never down")
    func flapping() {
        // Each observer counts its consecutive failed rounds, as its site watch does: a healthy round starts again at 0.
        var rounds = 0
        var kinds: Set<SiteVerdictKind> = []
        for round in 0..<30 {
            let failing = round % 3 == 2 ? [] : [FailingService(serviceID: "registry-db", reason: "timeout")]
            rounds = failing.isEmpty ? 0 : rounds + 1
            let state: ObservedState = failing.isEmpty ? .up : .down
            kinds.insert(verdict([view("london", state, rounds: rounds), view("singapore", state, rounds: rounds)]).kind)
        }
        #expect(kinds == [.suspect, .up])
    }

    @Test("a configured quorum of 1 lets one observer decide; two sites have one observer outside each")
    func smallQuorums() {
        let one = VerdictRule(failedRounds: 3, quorum: 1, staleAfterSeconds: 15)
        #expect(verdict([view("london", .down, rounds: 3), view("singapore", .up)], rule: one).kind == .down)
        let pair = verdict([view("london", .down, rounds: 3)], observers: ["new-york", "london"])
        #expect(pair.kind == .down)
        #expect(pair.quorum == 1)
        let alone = verdict([], observers: ["new-york"])
        #expect(alone.kind == .unknown)
        #expect(alone.reason == "no observer outside New York is configured")
    }

    @Test("a view carries at most 8 failing checks of at most 200 characters, and no negative round count")
    func boundedView() {
        let long = String(repeating: "x", count: 500)
        let view = ObserverView(observerSiteID: "london", siteID: "new-york", state: .down,
                                failing: Array(repeating: FailingService(serviceID: "db", reason: long), count: 20),
                                failedRounds: -4, observedAt: 0, round: 1, version: "0.1.0")
        #expect(view.failing.count == 8)
        #expect(view.failing.allSatisfy { $0.reason.count == 200 })
        #expect(view.failedRounds == 0)
    }
}
