import Foundation
import Testing
@testable import WarRoomCluster
import WarRoomProbes
import WarRoomTestSupport

/// etcd with authentication on (a single member of its own, started here):
/// warroom logs in as a user whose role may only touch `/warroom/`, with a
/// password read by reference that needs escaping.
@Suite("etcd token authentication", .serialized, .enabled(if: SoloEtcd.isInstalled))
final class EtcdLoginTests {
    let etcd: SoloEtcd
    static let password = "p@ss \"w0rd\" \\ 'x' 🔑"
    var endpoint: String { etcd.endpoint }

    init() throws {
        etcd = try SoloEtcd()
    }

    /// Raw gateway calls to set up users and roles, as an operator would with etcdctl.
    func admin(_ path: String, _ body: String) async throws {
        let answer = try await HTTPExchange().send(.POST, endpoint + path, json: Data(body.utf8), timeout: 5).get()
        #expect(answer.status == 200, "\(path): \(String(decoding: answer.body, as: UTF8.self))")
    }

    /// Users root and warroom; warroom's role may read and write `/warroom/` only; authentication on.
    func enableAuthentication() async throws {
        let b64 = { (text: String) in Data(text.utf8).base64EncodedString() }
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [Self.password], options: []), as: UTF8.self).dropFirst().dropLast()
        try await admin("/v3/auth/user/add", #"{"name":"root","password":"root-pw"}"#)
        try await admin("/v3/auth/user/grant", #"{"user":"root","role":"root"}"#)
        try await admin("/v3/auth/user/add", #"{"name":"warroom","password":\#(quoted)}"#)
        try await admin("/v3/auth/role/add", #"{"name":"observer"}"#)
        try await admin("/v3/auth/role/grant", #"{"name":"observer","perm":{"permType":"READWRITE","key":"\#(b64("/warroom/"))","range_end":"\#(b64("/warroom0"))"}}"#)
        try await admin("/v3/auth/user/grant", #"{"user":"warroom","role":"observer"}"#)
        try await admin("/v3/auth/enable", "{}")
    }

    func login(_ password: String?) -> EtcdLogin {
        EtcdLogin(username: "warroom", password: .environment("ETCD_TEST_PASSWORD"), resolve: { _ in password })
    }

    @Test("logged in as a least-privileged user: reads and writes under /warroom/, refused elsewhere, in words")
    func leastPrivilege() async throws {
        try await enableAuthentication()
        let store = EtcdGateway(endpoints: [endpoint], timeout: 3, login: login(Self.password))
        _ = try await store.put("/warroom/dr/views/a/b", value: [1], lease: nil)
        #expect(try await store.read(prefix: "/warroom/dr/").keys.count == 1)
        await #expect(throws: ClusterFailure.self) { try await store.put("/elsewhere", value: [1], lease: nil) }
        do {
            _ = try await EtcdGateway(endpoints: [endpoint], timeout: 3).read(prefix: "/warroom/")
            Issue.record("etcd answered without a login")
        } catch {
            #expect(error.description.contains("refused it"))
        }
    }

    @Test("a wrong or unreadable password is refused in words naming the user and where the password comes from, never the password")
    func wrongPassword() async throws {
        try await enableAuthentication()
        do {
            _ = try await EtcdGateway(endpoints: [endpoint], timeout: 3, login: login("nope")).read(prefix: "/warroom/")
            Issue.record("a wrong password was taken")
        } catch {
            #expect(error.description.hasPrefix("etcd login as warroom:"))
            #expect(!error.description.contains("nope"))
        }
        do {
            _ = try await EtcdGateway(endpoints: [endpoint], timeout: 3, login: login(nil)).read(prefix: "/warroom/")
            Issue.record("no password, yet an answer")
        } catch {
            #expect(error.description == "etcd login as warroom: its password (env:ETCD_TEST_PASSWORD) cannot be read")
        }
    }

    @Test("a token etcd no longer takes is replaced by a new login, once")
    func staleToken() async throws {
        try await enableAuthentication()
        let held = login(Self.password)
        let store = EtcdGateway(endpoints: [endpoint], timeout: 3, login: held)
        _ = try await held.token { () async throws(ClusterFailure) -> String in "stale.token.from-before-a-restart" }
        #expect(try await store.read(prefix: "/warroom/").revision > 0)
    }
}
