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
            .connectTimeout(ProbeDeadline.amount(check.timeoutSeconds))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
        do {
            // An address needs no resolver (nor Happy Eyeballs): connect to it directly.
            let channel = if let address = try? SocketAddress(ipAddress: tcp.host, port: tcp.port) {
                try await bootstrap.connect(to: address).get()
            } else {
                try await bootstrap.connect(host: tcp.host, port: tcp.port).get()
            }
            let latency = milliseconds(since: start)
            try? await channel.close()
            return ProbeResult(state: .ok, latencyMs: latency, detail: "connected to \(tcp.host):\(tcp.port)")
        } catch ChannelError.connectTimeout {
            return ProbeResult(state: .critical, detail: "connect timeout after \(Format.seconds(check.timeoutSeconds))")
        } catch {
            return ProbeResult(state: .critical, detail: connectionProblem(error, target: "\(tcp.host):\(tcp.port)"))
        }
    }
}

/// Why a connection could not be made, in words, the same for every probe
/// that connects: `cannot resolve HOST`, `connection refused by HOST:PORT`, …
func connectionProblem(_ error: Error, target: String) -> String {
    var cause = error
    if let connection = error as? NIOConnectionError {
        if connection.dnsAAAAError != nil && connection.dnsAError != nil { return "cannot resolve \(connection.host)" }
        guard let attempt = connection.connectionErrors.first else { return "cannot connect to \(target)" }
        cause = attempt.error
    }
    if let io = cause as? IOError, io.errnoCode == ECONNREFUSED { return "connection refused by \(target)" }
    if case ChannelError.connectTimeout = cause { return "connect timeout to \(target)" }
    return "cannot connect to \(target): \(cause)"
}
