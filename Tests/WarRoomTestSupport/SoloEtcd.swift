import Foundation

/// A one-member etcd of a test's own (Debian's `/usr/bin/etcd`), on free
/// ports, plain or over TLS, stopped when released: for what the lab's
/// shared cluster must not be changed for (authentication, certificates).
public final class SoloEtcd: @unchecked Sendable {
    public let directory = TemporaryDirectory()
    public let port = freeLocalPort()
    private let process = Process()
    /// The client URL (`http://` or, with a certificate, `https://`).
    public let endpoint: String

    /// Whether the tests that need one can start it.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd") }

    /// - parameter certificate: the server's certificate and key (PEM files) to serve clients over TLS.
    public init(certificate: (cert: String, key: String)? = nil) throws {
        let peer = freeLocalPort()
        endpoint = (certificate == nil ? "http" : "https") + "://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        process.arguments = ["--name", "solo", "--data-dir", directory.file("data"),
                             "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
                             "--listen-peer-urls", "http://127.0.0.1:\(peer)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(peer)",
                             "--initial-cluster", "solo=http://127.0.0.1:\(peer)"]
            + (certificate.map { ["--cert-file", $0.cert, "--key-file", $0.key] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try TestChildren.run(process)
        try Self.waitUntilListening(port)
    }

    deinit { TestChildren.stop(process) }

    struct NotListening: Error, CustomStringConvertible {
        var port: Int
        var description: String { "nothing listens on 127.0.0.1:\(port) after 10 s" }
    }

    /// Waits (at most 10 s) until something accepts connections on `port`.
    public static func waitUntilListening(_ port: Int) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            usleep(20_000)
        }
        throw NotListening(port: port)
    }
}
