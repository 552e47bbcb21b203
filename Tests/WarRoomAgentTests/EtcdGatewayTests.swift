import Foundation
import Testing
import WarRoomCluster
import WarRoomTestSupport

extension EtcdLabTests {
    /// The cluster store's client against the lab's real 3-member etcd (3.4,
    /// Debian's etcd-server). Serialized: the member faults leave the cluster
    /// as they found it.
    @Suite("etcd's v3 gateway against the lab's three members")
    struct EtcdGatewayTests {
        let lab: Lab
        let members: [String]
        /// Each test's keys live under a prefix of its own.
        let prefix = "/warroom-test/\(UUID().uuidString)/"

        init() throws {
            let lab = try Lab()
            self.lab = lab
            members = ["ETCD_NEW_YORK_CLIENT", "ETCD_LONDON_CLIENT", "ETCD_SINGAPORE_CLIENT"].map { "http://127.0.0.1:\(lab.port($0))" }
        }

        func gateway(_ endpoints: [String]? = nil, timeout: Double = 3) -> EtcdGateway {
            EtcdGateway(endpoints: endpoints ?? members, timeout: timeout)
        }

        @Test("put and a prefix read: bytes as they were, only the prefix, the revision of the last change")
        func putAndRead() async throws {
            let store = gateway()
            let value = Array("{\"reason\":\"lag ∞ \\\"quoted\\\"\"}".utf8) + [0, 255]
            _ = try await store.put(prefix + "views/london/new-york", value: value, lease: nil)
            let last = try await store.put(prefix + "views/singapore/new-york", value: [1], lease: nil)
            _ = try await store.put(prefix.dropLast() + "x", value: [2], lease: nil)
            let read = try await gateway([members[2]]).read(prefix: prefix + "views/")
            #expect(read.keys.map(\.key) == [prefix + "views/london/new-york", prefix + "views/singapore/new-york"])
            #expect(read.keys.first?.value == value)
            #expect(read.revision >= last)
            #expect(read.keys.last?.modRevision == last)
            // From a key on: what sorts before it under the prefix (the step claims) is not read.
            _ = try await store.put(prefix + "claims/PLAN-0001/1", value: [3], lease: nil)
            _ = try await store.put(prefix + "decider", value: [4], lease: nil)
            let from = try await store.read(prefix: prefix, from: prefix + "decider")
            #expect(from.keys.map(\.key) == [prefix + "decider", prefix + "views/london/new-york", prefix + "views/singapore/new-york"])
        }

        @Test("two agents racing to create the decider key: one creates it, the other reads who holds it")
        func createRace() async throws {
            let key = prefix + "decider"
            async let first = gateway([members[0]]).create(key, value: Array("london".utf8), lease: nil)
            async let second = gateway([members[1]]).create(key, value: Array("singapore".utf8), lease: nil)
            let outcomes = try await [first, second]
            let created = outcomes.filter { if case .created = $0 { true } else { false } }
            #expect(created.count == 1)
            let holder = try await gateway().read(prefix: key).keys.first
            let loser = outcomes.first { if case .exists = $0 { true } else { false } }
            #expect(loser == .exists(holder))
            #expect(try await gateway().create(key, value: [9], lease: nil) == .exists(holder))
        }

        @Test("a key under a lease that is not renewed vanishes; renewed, it stays; revoked, it goes at once")
        func leases() async throws {
            let store = gateway()
            let lapsing = try await store.grantLease(seconds: 2)
            _ = try await store.put(prefix + "lapsing", value: [1], lease: lapsing)
            let kept = try await store.grantLease(seconds: 2)
            _ = try await store.put(prefix + "kept", value: [1], lease: kept)
            for _ in 0..<10 {
                #expect(try await store.keepAlive(lease: kept))
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(try await store.read(prefix: prefix).keys.map(\.key) == [prefix + "kept"])
            #expect(try await store.keepAlive(lease: lapsing) == false)
            try await store.revoke(lease: kept)
            #expect(try await store.read(prefix: prefix).keys.isEmpty)
        }

        @Test("a member that refuses connections hands the call to the next at once")
        func refusedEndpoint() async throws {
            let closed = "http://127.0.0.1:\(freeLocalPort())"
            let started = ContinuousClock.now
            let read = try await gateway([closed, members[1]], timeout: 3).read(prefix: prefix)
            #expect(read.revision > 0)
            #expect(ContinuousClock.now - started < .seconds(0.5))
        }

        @Test("a hung member (SIGSTOP) and a member cut from the others both mean no quorum, within the deadline")
        func noQuorum() async throws {
            #expect(lab.run("fault freeze", "etcd-singapore"))
            let started = ContinuousClock.now
            await #expect(throws: ClusterFailure.self) { try await gateway([members[2]], timeout: 1.5).read(prefix: prefix) }
            #expect(ContinuousClock.now - started < .seconds(2.5))
            #expect(lab.run("fault thaw", "etcd-singapore"))

            // New York's member alone: a minority of one, whose linearizable reads never answer.
            #expect(lab.run("fail", "etcd-london") && lab.run("fail", "etcd-singapore"))
            // Healing twice (here and after the check) is harmless: a running member is left as it is.
            defer { _ = lab.run("heal", "etcd-london"); _ = lab.run("heal", "etcd-singapore") }
            do {
                _ = try await gateway([members[0]], timeout: 2).read(prefix: prefix)
                Issue.record("a member without quorum answered a linearizable read")
            } catch {
                guard case .noQuorum = error else { Issue.record("expected no quorum, got \(error)"); return }
            }
            #expect(lab.run("heal", "etcd-london") && lab.run("heal", "etcd-singapore"))
            #expect(await EtcdLabTests.untilEveryMemberAnswers(lab), "the cluster did not come back after its members were started again")
        }
    }
}
