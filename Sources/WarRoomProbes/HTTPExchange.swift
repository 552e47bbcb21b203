import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import WarRoomModel

/// One bounded HTTP request to an API the agent reads or acts on
/// (Alertmanager, Prometheus): the status and the body, or why there is none,
/// in words naming the server.
public struct HTTPExchange: Sendable {
    /// API answers are read up to this size; more is refused, not cut.
    public static let bodyLimit = 8 * 1024 * 1024

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    private let client: HTTPClient

    /// The process's one HTTP client for checks, APIs and the cluster store.
    /// A refused connection fails at once: by default an HTTP client retries
    /// it until the request's deadline, so a port nobody listens on took a
    /// check's whole timeout to say "refused", and an etcd member that is down
    /// took the whole call. Never shut down, like `HTTPClient.shared`.
    public static let client = makeClient(tls: nil)

    /// A client set up as `HTTPClient.shared` is (redirects, decompression,
    /// pool), but without connection retries; with `tls` when given.
    private static func makeClient(tls: TLSConfiguration?) -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        if let tls { configuration.tlsConfiguration = tls }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public init(client: HTTPClient = HTTPExchange.client) {
        self.client = client
    }

    /// Exchanges over TLS that trust only the CA certificates in `caFile`
    /// (PEM), read now: one client per content of the file, like ``client``
    /// never shut down, so a reload does not leave one behind each time (and
    /// a rotated CA is taken at the next reload). A file that is not a CA
    /// certificate is said in words naming it.
    public static func verifying(caFile: String) throws(Failure) -> HTTPExchange {
        let pem: [UInt8]
        let certificates: [NIOSSLCertificate]
        do {
            pem = Array(try Data(contentsOf: URL(fileURLWithPath: caFile)))
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw Failure("\(caFile): not a readable PEM certificate file: \(error)")
        }
        guard !certificates.isEmpty else { throw Failure("\(caFile): no certificate in it") }
        return verifyingClients.withLock { clients in
            if let client = clients[pem] { return HTTPExchange(client: client) }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(certificates)
            let client = makeClient(tls: tls)
            clients[pem] = client
            return HTTPExchange(client: client)
        }
    }

    private static let verifyingClients = Mutex<[[UInt8]: HTTPClient]>([:])

    /// What came back: the status, the content type and the body bytes.
    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]
    }

    /// Why an exchange has no answer, kept apart so each caller words it.
    public enum Problem: Error, Sendable {
        case timedOut
        case tooLong
        case client(HTTPClientError)
        case connection(Error)
    }

    /// Sends `method` to `url` with an optional JSON body; the status and body bytes.
    public func send(_ method: HTTPMethod, _ url: String, json: Data? = nil, headers: [(String, String)] = [],
                     timeout: Double) async -> Result<(status: Int, body: [UInt8]), Failure> {
        var all = [("Accept", "application/json")] + headers
        if json != nil { all.append(("Content-Type", "application/json")) }
        let target = HTTPProbe.target(url)
        switch await exchange(method, url, body: json, headers: all, timeout: timeout, bodyLimit: Self.bodyLimit) {
        case .success(let answer): return .success((answer.status, answer.body))
        case .failure(.timedOut): return .failure(Failure("\(target): no answer within \(Format.seconds(timeout))"))
        case .failure(.tooLong): return .failure(Failure("\(target): an answer longer than \(Self.bodyLimit) bytes"))
        case .failure(.client(let error)): return .failure(Failure("\(target): \(error)"))
        case .failure(.connection(let error)): return .failure(Failure(connectionProblem(error, target: target)))
        }
    }

    /// One request and its whole answer within `timeout` — connect, head and
    /// body: a server that dribbles its body is cut off at the deadline, and
    /// the cancelled request closes its connection, so nothing is left open.
    public func exchange(_ method: HTTPMethod, _ url: String, body: Data? = nil, headers: [(String, String)],
                         timeout: Double, bodyLimit: Int) async -> Result<Answer, Problem> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "warroom-agent")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let client = self.client
        let sent = request
        do {
            // The client's own deadline covers the head only (and says why a connection failed: refused,
            // no route); ours, a moment later, covers the body too.
            return .success(try await withExchangeDeadline(timeout + 0.2) {
                let response = try await client.execute(sent, timeout: ProbeDeadline.amount(timeout))
                var bytes = try await response.body.collect(upTo: bodyLimit)
                return Answer(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                              body: bytes.readBytes(length: bytes.readableBytes) ?? [])
            })
        } catch is ExchangeTimedOut {
            return .failure(.timedOut)
        } catch let error as HTTPClientError {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
            return .failure(timeouts.contains(error) ? .timedOut : .client(error))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLong)
        } catch {
            return .failure(.connection(error))
        }
    }
}
