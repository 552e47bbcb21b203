import Foundation
import Testing
import WarRoomCluster
import WarRoomModel
import WarRoomTestSupport

extension EtcdLabTests {
    /// Agents sharing their views through the lab's real etcd: one member per
    /// site, each publishing its views of every site and reading everyone's.
    @Suite("Observers sharing views through the lab's etcd")
    struct ClusterMemberTests {
        static let sites = ["new-york", "london", "singapore"]
        let lab: Lab
        let endpoints: [String]
        let settings: ClusterSettings
        let rule = VerdictRule(failedRounds: 3, staleAfterSeconds: 15)

        init() throws {
            let lab = try Lab()
            self.lab = lab
            endpoints = ["ETCD_NEW_YORK_CLIENT", "ETCD_LONDON_CLIENT", "ETCD_SINGAPORE_CLIENT"].map { "http://127.0.0.1:\(lab.port($0))" }
            settings = ClusterSettings(name: "test-" + UUID().uuidString.prefix(8).lowercased(), endpoints: endpoints, leaseSeconds: 2)
        }

        func member(_ site: String, endpoints: [String]? = nil, timeout: Double = 2) -> ClusterMember {
            ClusterMember(store: EtcdGateway(endpoints: endpoints ?? self.endpoints, timeout: timeout), settings: settings,
                          siteID: site, sites: Self.sites, observers: Self.sites, rule: rule)
        }

        /// `observer`'s views of every site: New York down for `rounds` rounds, the others up.
        func views(_ observer: String, round: Int64, newYorkDownFor rounds: Int = 0) -> [ObserverView] {
            Self.sites.map { site in
                let down = site == "new-york" && rounds > 0
                return ObserverView(observerSiteID: observer, siteID: site, state: down ? .down : .up,
                                    failing: down ? [FailingService(serviceID: "web", reason: "connection refused")] : [],
                                    failedRounds: down ? rounds : 0, observedAt: 1000, round: round, version: "0.1.0")
            }
        }

        @Test("three observers: each reads all nine views; two outside New York seeing it down 3 rounds make it down")
        func threeObservers() async throws {
            let members = Self.sites.map { member($0) }
            _ = await members[0].round(publishing: views("new-york", round: 1), at: 10_000)
            _ = await members[1].round(publishing: views("london", round: 1, newYorkDownFor: 3), at: 10_000)
            let read = await members[2].round(publishing: views("singapore", round: 1, newYorkDownFor: 3), at: 10_000)
            #expect(read.hasQuorum)
            #expect(read.views.count == 9)
            #expect(read.verdicts(at: 10_000).map(\.kind) == [.down, .up, .up])
            for member in members { await member.leave() }
        }

        @Test("one decider at a time; when its agent is lost, another takes over within one lease")
        func decider() async throws {
            let london = member("london"), singapore = member("singapore")
            let first = await london.round(publishing: views("london", round: 1), at: 1000)
            let second = await singapore.round(publishing: views("singapore", round: 1), at: 1000)
            #expect(first.deciderSiteID == "london")
            #expect(second.deciderSiteID == "london")
            #expect(await london.decides)
            #expect(await !singapore.decides)
            // London's agent is lost: it renews nothing. Within its 2 s lease Singapore decides.
            let lost = ContinuousClock.now
            var round: Int64 = 2
            var taken = second
            while taken.deciderSiteID != "singapore" && ContinuousClock.now - lost < .seconds(5) {
                try await Task.sleep(for: .milliseconds(200))
                taken = await singapore.round(publishing: views("singapore", round: round), at: 1000 + round * 200)
                round += 1
            }
            #expect(taken.deciderSiteID == "singapore")
            #expect(ContinuousClock.now - lost < .seconds(3.5))
            await singapore.leave()
        }

        @Test("a view's round that stops moving keeps the time it was first read; a new round restarts it")
        func heldSince() async throws {
            let london = member("london")
            _ = await london.round(publishing: views("london", round: 7), at: 1000)
            let same = await london.round(publishing: views("london", round: 7), at: 9000)
            #expect(same.views.allSatisfy { $0.heldSince == 1000 })
            let next = await london.round(publishing: views("london", round: 8), at: 12_000)
            #expect(next.views.allSatisfy { $0.heldSince == 12_000 })
            await london.leave()
        }

        @Test("an observer that leaves takes its views with it; one whose lease lapses goes silent within the lease")
        func leaving() async throws {
            let newYork = member("new-york"), london = member("london"), singapore = member("singapore")
            _ = await newYork.round(publishing: views("new-york", round: 1), at: 1000)
            _ = await london.round(publishing: views("london", round: 1), at: 1000)
            #expect(await singapore.round(publishing: views("singapore", round: 1), at: 1000).views.count == 9)
            await newYork.leave()
            #expect(await singapore.round(publishing: views("singapore", round: 2), at: 2000).views.count == 6)
            // London's agent stops renewing (killed): its 2 s lease lapses.
            try await Task.sleep(for: .seconds(3.5))
            let read = await singapore.round(publishing: views("singapore", round: 3), at: 5000)
            #expect(Set(read.views.map(\.view.observerSiteID)) == ["singapore"])
            #expect(read.verdicts(at: 5000).first?.kind == .up)
            #expect(read.verdicts(at: 5000).first?.silent == ["london"])
            await singapore.leave()
        }

        @Test("without quorum the member is cut off, says why, and keeps the views it last read")
        func cutOff() async throws {
            let london = member("london", endpoints: [endpoints[1]], timeout: 1.5)
            let before = await london.round(publishing: views("london", round: 1), at: 1000)
            #expect(before.hasQuorum)
            #expect(lab.run("fail", "etcd-new-york") && lab.run("fail", "etcd-singapore"))
            defer { _ = lab.run("heal", "etcd-new-york"); _ = lab.run("heal", "etcd-singapore") }
            let cut = await london.round(publishing: views("london", round: 2), at: 5000)
            #expect(!cut.hasQuorum)
            #expect(cut.cutOffSince == 5000)
            #expect(cut.cutOffReason?.contains("no member answered") == true)
            #expect(cut.views == before.views)
            let still = await london.round(publishing: views("london", round: 3), at: 9000)
            #expect(still.cutOffSince == 5000)
            #expect(lab.run("heal", "etcd-new-york") && lab.run("heal", "etcd-singapore"))
            var back = still
            for round in Int64(4)..<40 where !back.hasQuorum {
                try await Task.sleep(for: .milliseconds(250))
                back = await london.round(publishing: views("london", round: round), at: 9000 + round * 250)
            }
            #expect(back.hasQuorum)
            await london.leave()
            #expect(await EtcdLabTests.untilEveryMemberAnswers(lab))
        }

        @Test("a value under the views that is not a view reads as an unknown view that says so, never as down")
        func foreignValue() async throws {
            let store = EtcdGateway(endpoints: endpoints, timeout: 2)
            _ = try await store.put(settings.viewKey(observer: "london", site: "new-york"), value: Array("down!".utf8), lease: nil)
            let read = await member("singapore").round(publishing: [], at: 1000)
            let foreign = try #require(read.views.first)
            #expect(foreign.view.state == .unknown)
            #expect(foreign.view.observerSiteID == "london")
            #expect(foreign.view.failing.first?.reason.contains("is not a warroom view (5 bytes)") == true)
            try await store.delete(settings.viewKey(observer: "london", site: "new-york"))
        }

        /// London's incident as its decider records it, with `lines` timeline lines.
        static func record(lines: Int, keptAt: String = "london") -> SharedIncident {
            SharedIncident(incident: Incident(id: "INC-0001", title: "New York primary site down", severity: .sev1, status: .investigating,
                                              commander: nil, serviceID: "web", impactStartedAt: 0, openedAt: 0, siteID: "new-york"),
                           timeline: (0..<lines).map {
                               TimelineEvent(incidentID: "INC-0001", at: EpochMillis($0), kind: .detection, actor: "agent", text: "line \($0)")
                           }, plans: [], keptAt: keptAt)
        }

        @Test("the decider records its incidents; each change is mirrored once; a record changed in the same read is never overwritten from a cache behind it; a new decider goes on")
        func incidentRecords() async throws {
            let london = member("london"), singapore = member("singapore")
            let one = Self.record(lines: 1), two = Self.record(lines: 2)
            let first = await london.round(publishing: views("london", round: 1), sharing: { _, _ in [one] }, at: 1000)
            #expect(first.status.decides)
            let read = await singapore.round(publishing: views("singapore", round: 1), sharing: { _, _ in [] }, at: 1000)
            #expect(read.mirrored == [one])
            let again = await singapore.round(publishing: views("singapore", round: 2), sharing: { _, _ in [] }, at: 2000)
            #expect(again.mirrored.isEmpty, "a record read before is not mirrored again")
            // London adds a line, and its agent is lost before Singapore read it.
            _ = await london.round(publishing: views("london", round: 2), sharing: { _, _ in [two] }, at: 2000)
            await london.leave()
            // Singapore decides now; its cache still holds one line: it mirrors first and writes nothing over London's record.
            let taking = await singapore.round(publishing: views("singapore", round: 3), sharing: { _, _ in [Self.record(lines: 1, keptAt: "singapore")] },
                                               at: 3000)
            #expect(taking.status.decides)
            #expect(taking.mirrored == [two])
            let observer = member("new-york")
            #expect(await observer.round(publishing: [], sharing: { _, _ in [] }, at: 3000).mirrored == [two],
                    "the store still holds London's latest record")
            // Mirrored, taken over, one line more: recorded as Singapore's.
            let three = Self.record(lines: 3, keptAt: "singapore")
            _ = await singapore.round(publishing: views("singapore", round: 4), sharing: { _, _ in [three] }, at: 4000)
            let back = member("london")
            let mirrored = await back.round(publishing: views("london", round: 5), sharing: { _, _ in [one] }, at: 5000)
            #expect(!mirrored.status.decides)
            #expect(mirrored.mirrored == [three], "the agent back mirrors the new decider's record; its own old one is not written")
            for member in [singapore, observer, back] { await member.leave() }
            try await EtcdGateway(endpoints: endpoints, timeout: 2).delete(settings.incidentKey("INC-0001"))
        }

        @Test("a record resolved longer ago than a day is pruned by the decider; an agent that read it hears it is gone")
        func pruned() async throws {
            let london = member("london"), singapore = member("singapore")
            var resolved = Self.record(lines: 1)
            resolved.incident.status = .resolved
            resolved.incident.resolvedAt = 1000
            let record = resolved
            _ = await london.round(publishing: views("london", round: 1), sharing: { _, _ in [record] }, at: 2000)
            #expect(await singapore.round(publishing: views("singapore", round: 1), sharing: { _, _ in [] }, at: 2000).mirrored == [record])
            // Not a day yet: kept.
            _ = await london.round(publishing: views("london", round: 2), sharing: { _, _ in [record] }, at: 1000 + 86_000_000)
            #expect(await singapore.round(publishing: views("singapore", round: 2), sharing: { _, _ in [] }, at: 3000).gone.isEmpty)
            // A day and a moment after its resolution: pruned, and not recorded again (it is resolved, not asked for).
            _ = await london.round(publishing: views("london", round: 3), sharing: { _, _ in [] }, at: 1000 + 86_400_001)
            #expect(await singapore.round(publishing: views("singapore", round: 3), sharing: { _, _ in [] }, at: 4000).gone == ["INC-0001"])
            #expect(await singapore.round(publishing: views("singapore", round: 4), sharing: { _, _ in [] }, at: 5000).gone.isEmpty)
            for member in [london, singapore] { await member.leave() }
        }

        @Test("an incident record that cannot be read is said, naming its key, for as long as it stays so")
        func unreadableRecord() async throws {
            let store = EtcdGateway(endpoints: endpoints, timeout: 2)
            _ = try await store.put(settings.incidentKey("INC-0009"), value: Array("{}".utf8), lease: nil)
            let reader = member("singapore")
            let first = await reader.round(publishing: [], sharing: { _, _ in [] }, at: 1000)
            #expect(first.recordProblems?.first?.contains("\(settings.incidentKey("INC-0009")) is not an incident record") == true)
            let second = await reader.round(publishing: [], sharing: { _, _ in [] }, at: 2000)
            #expect(second.recordProblems == nil, "said once, not every round")
            try await store.delete(settings.incidentKey("INC-0009"))
            let gone = await reader.round(publishing: [], sharing: { _, _ in [] }, at: 3000)
            #expect(gone.recordProblems == [])
            await reader.leave()
        }

        /// `claims.claim`, which blocks, off the cooperative pool.
        func claim(_ claims: ClusterStepClaims, _ planID: String, _ step: Int) async -> StepClaim {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: claims.claim(planID: planID, stepNumber: step)) }
            }
        }

        @Test("claim before act: the decider claims a step once (asked again, still its own); a non-decider claims nothing; after a hand-over the new decider finds it claimed by the old one")
        func stepClaims() async throws {
            let london = member("london"), singapore = member("singapore")
            _ = await london.round(publishing: views("london", round: 1), at: 1000)
            _ = await singapore.round(publishing: views("singapore", round: 1), at: 1000)
            let fromLondon = ClusterStepClaims(member: london, decisions: ClusterDecisions(member: london, siteID: "london", waitSeconds: 2),
                                               waitSeconds: 2, now: { 1000 })
            let fromSingapore = ClusterStepClaims(member: singapore, decisions: ClusterDecisions(member: singapore, siteID: "singapore",
                                                                                                waitSeconds: 2), waitSeconds: 2, now: { 1000 })
            guard case .claimed(let revision) = await claim(fromLondon, "PLAN-0001", 1) else {
                Issue.record("the decider could not claim a step")
                return
            }
            #expect(await claim(fromLondon, "PLAN-0001", 1) == .claimed(revision: revision))
            #expect(await claim(fromSingapore, "PLAN-0001", 1) == .unavailable("this site's agent does not decide now"))
            await london.leave()
            #expect(await singapore.round(publishing: views("singapore", round: 2), at: 2000).decides)
            #expect(await claim(fromSingapore, "PLAN-0001", 1) == .claimedBefore(by: "london", revision: revision))
            guard case .claimed = await claim(fromSingapore, "PLAN-0001", 2) else {
                Issue.record("the new decider could not claim a step nobody claimed")
                return
            }
            await singapore.leave()
        }
    }
}
