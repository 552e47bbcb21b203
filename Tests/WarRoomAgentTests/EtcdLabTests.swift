import Testing
import WarRoomCluster
import WarRoomTestSupport

/// Every test against the lab's etcd, one at a time: some stop and freeze
/// its members, which every other one needs running.
@Suite("Against the lab's etcd", .serialized, .enabled(if: Lab.shouldRun))
enum EtcdLabTests {
    /// Waits (up to 15 s) until every member of the lab's etcd answers a
    /// linearizable read: after a fault is healed, the next test needs all three.
    static func untilEveryMemberAnswers(_ lab: Lab) async -> Bool {
        let members = ["ETCD_NEW_YORK_CLIENT", "ETCD_LONDON_CLIENT", "ETCD_SINGAPORE_CLIENT"].map { "http://127.0.0.1:\(lab.port($0))" }
        for _ in 0..<60 {
            var answered = 0
            for member in members where (try? await EtcdGateway(endpoints: [member], timeout: 1).read(prefix: "/warroom-test/")) != nil {
                answered += 1
            }
            if answered == members.count { return true }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return false
    }
}
