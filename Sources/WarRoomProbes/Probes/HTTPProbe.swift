import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import WarRoomModel

/// GETs a health endpoint within the check's timeout and judges the answer
/// (``HealthResponse``): the status code, `application/health+json` bodies,
/// an expected status or body text. No answer in time is critical; a request
/// that cannot be made (a secret missing, a bad URL) is unknown with the reason.
public struct HTTPProbe: Probe {
    /// Bodies are read up to this size; a health answer is small.
    public static let bodyLimit = 64 * 1024

    private let client: HTTPClient
    private let secrets: @Sendable (SecretReference) -> String?

    public init(client: HTTPClient = .shared,
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem) {
        self.client = client
        self.secrets = secrets
    }

    public func run(_ check: CheckSpec) async -> ProbeResult {
        guard case .http(let http) = check.kind else { return .failed("not an HTTP check") }
        var request = HTTPClientRequest(url: http.url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/health+json, application/json;q=0.9, */*;q=0.1")
        request.headers.add(name: "User-Agent", value: "warroom-agent")
        for (name, value) in http.headers.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .text(let text): request.headers.add(name: name, value: text)
            case .secret(let reference):
                guard let secret = secrets(reference) else { return .failed("secret \(reference) for header \(name) is not available") }
                request.headers.add(name: name, value: secret)
            }
        }
        let start = ContinuousClock.now
        let timeout = TimeAmount.milliseconds(Int64(check.timeoutSeconds * 1000))
        do {
            let response = try await client.execute(request, timeout: timeout)
            var body = try await response.body.collect(upTo: Self.bodyLimit)
            let latency = milliseconds(since: start)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            let judged = HealthResponse.judge(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                                              body: bytes, check: http)
            return ProbeResult(state: judged.state, latencyMs: latency, detail: judged.detail)
        } catch let error as HTTPClientError {
            return Self.result(error, timeout: check.timeoutSeconds, latencyMs: milliseconds(since: start))
        } catch let error as NIOTooManyBytesError {
            return ProbeResult(state: .critical, latencyMs: milliseconds(since: start),
                               detail: "answer longer than \(Self.bodyLimit) bytes (\(error))")
        } catch {
            return ProbeResult(state: .critical, latencyMs: milliseconds(since: start),
                               detail: connectionProblem(error, target: Self.target(http.url)))
        }
    }

    /// `host:port` of a URL, for messages.
    static func target(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    static func result(_ error: HTTPClientError, timeout: Double, latencyMs: Double) -> ProbeResult {
        let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
        if timeouts.contains(error) {
            return ProbeResult(state: .critical, detail: "no answer within \(Format.seconds(timeout))")
        }
        if [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(error) {
            return .failed("cannot request this URL: \(error)")
        }
        if error == .remoteConnectionClosed {
            return ProbeResult(state: .critical, latencyMs: latencyMs, detail: "the server closed the connection without an answer")
        }
        return ProbeResult(state: .critical, latencyMs: latencyMs, detail: "\(error)")
    }
}
