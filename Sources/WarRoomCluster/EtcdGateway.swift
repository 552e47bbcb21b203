import Foundation
import NIOHTTP1
import WarRoomModel
import WarRoomProbes

/// The cluster store spoken over etcd's `/v3` JSON gateway (etcd 3.4+),
/// with AsyncHTTPClient: no gRPC, no package beyond the probes' own.
///
/// Each call has one deadline over all the endpoints, shared among them: a
/// member that refuses or does not answer in its share hands over to the
/// next. When none answers the call fails as "no quorum" (on the minority
/// side of a partition a linearizable read never answers at all).
public struct EtcdGateway: ClusterStore {
    /// Client URLs (`http://10.0.0.5:2379`), tried in this order.
    public var endpoints: [String]
    /// Seconds a call may take, all endpoints together.
    public var timeout: Double
    private let exchange: HTTPExchange

    /// Counts what this gateway sends and receives, when given (the cluster benchmark).
    private let traffic: ClusterTraffic?
    /// etcd's token authentication, when it is on.
    let login: EtcdLogin?

    /// - parameter login: the user to authenticate as, when etcd has authentication on.
    public init(endpoints: [String], timeout: Double, login: EtcdLogin? = nil,
                exchange: HTTPExchange = HTTPExchange(), traffic: ClusterTraffic? = nil) {
        self.endpoints = endpoints.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.timeout = timeout
        self.login = login
        self.exchange = exchange
        self.traffic = traffic
    }

    public func grantLease(seconds: Int) async throws(ClusterFailure) -> Int64 {
        let answer = try await call("/v3/lease/grant", ["TTL": String(seconds)], what: "lease grant")
        let lease = try EtcdWire.int64(answer, "ID", in: "lease grant")
        guard lease != 0 else { throw .malformed("lease grant: no lease id in the answer") }
        return lease
    }

    public func keepAlive(lease: Int64) async throws(ClusterFailure) -> Bool {
        // The gateway answers a keepalive stream of one request with one result; a lease
        // the store no longer has comes back without a TTL (proto3 leaves out 0).
        let answer = try await call("/v3/lease/keepalive", ["ID": String(lease)], what: "lease keepalive")
        guard let result = answer["result"] as? [String: Any] else {
            throw .malformed("lease keepalive: no result in the answer")
        }
        return try EtcdWire.int64(result, "TTL", in: "lease keepalive") > 0
    }

    public func revoke(lease: Int64) async throws(ClusterFailure) {
        _ = try await call("/v3/lease/revoke", ["ID": String(lease)], what: "lease revoke")
    }

    public func put(_ key: String, value: [UInt8], lease: Int64?) async throws(ClusterFailure) -> Int64 {
        var fields: [String: Any] = ["key": EtcdWire.base64(key), "value": EtcdWire.base64(value)]
        if let lease { fields["lease"] = String(lease) }
        return try EtcdWire.revision(try await call("/v3/kv/put", fields, what: "put \(key)"), in: "put \(key)")
    }

    public func putAll(_ values: [(key: String, value: [UInt8])], lease: Int64?) async throws(ClusterFailure) -> Int64 {
        let what = "put \(values.count) keys"
        let puts: [[String: Any]] = values.map { pair in
            var put: [String: Any] = ["key": EtcdWire.base64(pair.key), "value": EtcdWire.base64(pair.value)]
            if let lease { put["lease"] = String(lease) }
            return ["request_put": put]
        }
        return try EtcdWire.revision(try await call("/v3/kv/txn", ["success": puts], what: what), in: what)
    }

    public func read(prefix: String, from start: String?) async throws(ClusterFailure) -> ClusterRead {
        let what = "read \(start ?? prefix)"
        let answer = try await call("/v3/kv/range", ["key": EtcdWire.base64(start ?? prefix), "range_end": EtcdWire.rangeEnd(of: prefix)],
                                    what: what)
        var keys: [ClusterKeyValue] = []
        for case let item as [String: Any] in answer["kvs"] as? [Any] ?? [] {
            keys.append(try EtcdWire.keyValue(item, in: what))
        }
        return ClusterRead(keys: keys, revision: try EtcdWire.revision(answer, in: what))
    }

    public func create(_ key: String, value: [UInt8], lease: Int64?) async throws(ClusterFailure) -> ClusterCreation {
        let what = "create \(key)"
        var put: [String: Any] = ["key": EtcdWire.base64(key), "value": EtcdWire.base64(value)]
        if let lease { put["lease"] = String(lease) }
        let answer = try await call("/v3/kv/txn", [
            "compare": [["key": EtcdWire.base64(key), "target": "CREATE", "result": "EQUAL", "create_revision": "0"]],
            "success": [["request_put": put]],
            "failure": [["request_range": ["key": EtcdWire.base64(key)]]],
        ], what: what)
        // A compare that failed answers without `succeeded` (proto3 JSON drops false).
        if answer["succeeded"] as? Bool == true {
            return .created(revision: try EtcdWire.revision(answer, in: what))
        }
        let range = (answer["responses"] as? [Any])?.first.flatMap { ($0 as? [String: Any])?["response_range"] as? [String: Any] }
        let holder = try (range?["kvs"] as? [Any])?.first.flatMap { $0 as? [String: Any] }.map { item throws(ClusterFailure) in
            try EtcdWire.keyValue(item, in: what)
        }
        return .exists(holder)
    }

    public func replace(_ key: String, value: [UInt8], ifModRevision modRevision: Int64) async throws(ClusterFailure) -> Int64? {
        let what = "record \(key)"
        // A key that does not exist compares as modified at revision 0.
        let answer = try await call("/v3/kv/txn", [
            "compare": [["key": EtcdWire.base64(key), "target": "MOD", "result": "EQUAL", "mod_revision": String(modRevision)]],
            "success": [["request_put": ["key": EtcdWire.base64(key), "value": EtcdWire.base64(value)]]],
        ], what: what)
        return answer["succeeded"] as? Bool == true ? try EtcdWire.revision(answer, in: what) : nil
    }

    public func delete(_ key: String) async throws(ClusterFailure) {
        _ = try await call("/v3/kv/deleterange", ["key": EtcdWire.base64(key)], what: "delete \(key)")
    }

    public func deleteAll(prefix: String) async throws(ClusterFailure) {
        _ = try await call("/v3/kv/deleterange", ["key": EtcdWire.base64(prefix), "range_end": EtcdWire.rangeEnd(of: prefix)],
                           what: "delete \(prefix)")
    }

    /// POSTs `fields` to `path` (``send``), logged in when etcd has
    /// authentication on: a token it no longer takes (they expire) is
    /// replaced by a new login, once.
    private func call(_ path: String, _ fields: [String: Any], what: String) async throws(ClusterFailure) -> [String: Any] {
        guard let login else { return try await send(path, fields, what: what, token: nil) }
        let token = try await login.token { () async throws(ClusterFailure) -> String in try await logIn(login) }
        do {
            return try await send(path, fields, what: what, token: token)
        } catch {
            guard case .refused(let why) = error, EtcdLogin.isStaleToken(why) else { throw error }
            login.forget(token)
            let renewed = try await login.token { () async throws(ClusterFailure) -> String in try await logIn(login) }
            return try await send(path, fields, what: what, token: renewed)
        }
    }

    /// A new token for `login`'s user; its password is read now (a file may have been rotated).
    private func logIn(_ login: EtcdLogin) async throws(ClusterFailure) -> String {
        guard let password = login.password() else {
            throw .refused("etcd login as \(login.username): its password (\(login.passwordReference)) cannot be read")
        }
        let answer = try await send("/v3/auth/authenticate", ["name": login.username, "password": password],
                                    what: "etcd login as \(login.username)", token: nil)
        guard let token = answer["token"] as? String, !token.isEmpty else {
            throw .malformed("etcd login as \(login.username): no token in the answer")
        }
        return token
    }

    /// POSTs `fields` to `path`, endpoint after endpoint within one deadline
    /// shared out evenly among the endpoints not tried yet (the HTTP client
    /// retries a refused connection until its deadline: an unshared deadline
    /// would go to the first dead member); the answer's JSON object.
    private func send(_ path: String, _ fields: [String: Any], what: String, token: String?) async throws(ClusterFailure) -> [String: Any] {
        let body = EtcdWire.body(fields)
        let headers = [("Content-Type", "application/json")] + (token.map { [("Authorization", $0)] } ?? [])
        let start = ContinuousClock.now
        var problems: [String] = []
        var timedOut = false
        for (index, endpoint) in endpoints.enumerated() {
            let left = timeout - milliseconds(since: start) / 1000
            guard left > 0.01 else { break }
            let share = left / Double(endpoints.count - index)
            let outcome = await exchange.exchange(.POST, endpoint + path, body: body, headers: headers,
                                                  timeout: share, bodyLimit: HTTPExchange.bodyLimit)
            traffic?.count(sent: body.count, received: (try? outcome.get())?.body.count ?? 0)
            switch outcome {
            case .success(let answer) where answer.status == 200:
                return try EtcdWire.object(answer.body, from: "\(what) at \(endpoint)")
            case .success(let answer):
                let object = try? EtcdWire.object(answer.body, from: what)
                let message = (object?["message"] as? String) ?? (object?["error"] as? String) ?? "HTTP \(answer.status)"
                throw .refused("\(what): \(endpoint) refused it: \(message.prefix(300))")
            case .failure(.timedOut):
                timedOut = true
                problems.append("\(endpoint): no answer within \(Format.seconds(share))")
            case .failure(let problem):
                problems.append("\(endpoint): \(problem)")
            }
        }
        let why = problems.isEmpty ? "no time left to ask" : problems.joined(separator: "; ")
        throw .noQuorum("\(what): no member answered within \(Format.seconds(timeout))\(timedOut ? " (no quorum from here?)" : ""): \(why)")
    }
}
