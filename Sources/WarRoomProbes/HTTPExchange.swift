import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
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

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Sends `method` to `url` with an optional JSON body; the status and body bytes.
    public func send(_ method: HTTPMethod, _ url: String, json: Data? = nil, headers: [(String, String)] = [],
                     timeout: Double) async -> Result<(status: Int, body: [UInt8]), Failure> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "warroom-agent")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let target = HTTPProbe.target(url)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            var body = try await response.body.collect(upTo: Self.bodyLimit)
            return .success((Int(response.status.code), body.readBytes(length: body.readableBytes) ?? []))
        } catch let error as HTTPClientError {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
            if timeouts.contains(error) { return .failure(Failure("\(target): no answer within \(Format.seconds(timeout))")) }
            return .failure(Failure("\(target): \(error)"))
        } catch is NIOTooManyBytesError {
            return .failure(Failure("\(target): an answer longer than \(Self.bodyLimit) bytes"))
        } catch {
            return .failure(Failure(connectionProblem(error, target: target)))
        }
    }
}
