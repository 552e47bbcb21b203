import NIOCore
import NIOPosix
import WarRoomModel

/// Connects to a TCP port: ok with the connect latency, critical when the
/// connection is refused or times out, unknown when the name does not resolve.
public struct TCPProbe: Probe {
    private let group: EventLoopGroup

    public init(group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func run(_ check: CheckSpec) async -> ProbeResult {
        guard case .tcp(let tcp) = check.kind else { return .failed("not a TCP check") }
        let start = ContinuousClock.now
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(check.timeoutSeconds * 1000)))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
        do {
            let channel = try await bootstrap.connect(host: tcp.host, port: tcp.port).get()
            let latency = milliseconds(since: start)
            try? await channel.close()
            return ProbeResult(state: .ok, latencyMs: latency, detail: "connected to \(tcp.host):\(tcp.port)")
        } catch ChannelError.connectTimeout {
            return ProbeResult(state: .critical, detail: "connect timeout after \(Format.seconds(check.timeoutSeconds))")
        } catch let error as NIOConnectionError {
            return ProbeResult(state: .critical, detail: Self.words(error, host: tcp.host, port: tcp.port))
        } catch {
            return ProbeResult(state: .critical, detail: "cannot connect to \(tcp.host):\(tcp.port): \(error)")
        }
    }

    static func words(_ error: NIOConnectionError, host: String, port: Int) -> String {
        if error.dnsAAAAError != nil && error.dnsAError != nil {
            return "cannot resolve \(host)"
        }
        if let attempt = error.connectionErrors.first {
            if let io = attempt.error as? IOError, io.errnoCode == ECONNREFUSED { return "connection refused by \(host):\(port)" }
            if case ChannelError.connectTimeout = attempt.error { return "connect timeout to \(host):\(port)" }
            return "cannot connect to \(host):\(port): \(attempt.error)"
        }
        return "cannot connect to \(host):\(port)"
    }
}
