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

    private let http: HTTPExchange
    private let secrets: @Sendable (SecretReference) -> String?

    public init(client: HTTPClient = HTTPExchange.client,
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem) {
        http = HTTPExchange(client: client)
        self.secrets = secrets
    }

    public func run(_ check: CheckSpec) async -> ProbeResult {
        guard case .http(let http) = check.kind else { return .failed("not an HTTP check") }
        var headers = [("Accept", "application/health+json, application/json;q=0.9, */*;q=0.1")]
        for (name, value) in http.headers.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .text(let text): headers.append((name, text))
            case .secret(let reference):
                guard let secret = secrets(reference) else { return .failed("secret \(reference) for header \(name) is not available") }
                headers.append((name, secret))
            }
        }
        let start = ContinuousClock.now
        let answer = await self.http.exchange(.GET, http.url, headers: headers, timeout: check.timeoutSeconds,
                                              bodyLimit: Self.bodyLimit)
        let latency = milliseconds(since: start)
        switch answer {
        case .success(let answer):
            let judged = HealthResponse.judge(status: answer.status, contentType: answer.contentType, body: answer.body, check: http)
            return ProbeResult(state: judged.state, latencyMs: latency, detail: judged.detail)
        case .failure(.timedOut):
            return ProbeResult(state: .critical, detail: "no answer within \(Format.seconds(check.timeoutSeconds))")
        case .failure(.tooLong):
            return ProbeResult(state: .critical, latencyMs: latency, detail: "answer longer than \(Self.bodyLimit) bytes")
        case .failure(.client(let error)):
            return Self.result(error, latencyMs: latency)
        case .failure(.connection(let error)):
            return ProbeResult(state: .critical, latencyMs: latency, detail: connectionProblem(error, target: Self.target(http.url)))
        }
    }

    /// `host:port` of a URL, for messages.
    static func target(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    static func result(_ error: HTTPClientError, latencyMs: Double) -> ProbeResult {
        if [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(error) {
            return .failed("cannot request this URL: \(error)")
        }
        if error == .remoteConnectionClosed {
            return ProbeResult(state: .critical, latencyMs: latencyMs, detail: "the server closed the connection without an answer")
        }
        return ProbeResult(state: .critical, latencyMs: latencyMs, detail: "\(error)")
    }
}
