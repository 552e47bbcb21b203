import Foundation
import Testing
import WarRoomCluster
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

/// etcd serving clients over TLS (a single member of its own, with a CA and a
/// certificate made here by openssl): `cluster.ca` verifies it.
@Suite("etcd over TLS, verified by cluster.ca", .serialized,
       .enabled(if: SoloEtcd.isInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
final class EtcdTLSTests {
    let certificates = TemporaryDirectory()
    let etcd: SoloEtcd

    /// A CA named `name` (`name.pem`, `name.key`) in the certificates folder.
    static func makeCA(_ name: String, in folder: TemporaryDirectory) throws {
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", folder.file("\(name).key"), "-out", folder.file("\(name).pem"), "-days", "2",
                     "-subj", "/CN=warroom test \(name)"])
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    init() throws {
        let folder = certificates
        try Self.makeCA("ca", in: folder)
        try Self.makeCA("other-ca", in: folder)
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: folder.file("san.ext"), atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", folder.file("server.key"), "-out", folder.file("server.csr"), "-subj", "/CN=127.0.0.1"])
        try Self.openssl(["x509", "-req", "-in", folder.file("server.csr"), "-CA", folder.file("ca.pem"), "-CAkey", folder.file("ca.key"),
                          "-CAcreateserial", "-out", folder.file("server.pem"), "-days", "2", "-extfile", folder.file("san.ext")])
        etcd = try SoloEtcd(certificate: (folder.file("server.pem"), folder.file("server.key")))
    }

    @Test("with the CA that signed etcd's certificate: reads and writes over https")
    func verified() async throws {
        let store = EtcdGateway(endpoints: [etcd.endpoint], timeout: 5,
                                exchange: try HTTPExchange.verifying(caFile: certificates.file("ca.pem")))
        _ = try await store.put("/warroom/tls/views/a/b", value: [7], lease: nil)
        #expect(try await store.read(prefix: "/warroom/tls/").keys.map(\.value) == [[7]])
    }

    @Test("a certificate another CA signed, or the system's roots alone, are refused: never an unverified answer")
    func refused() async throws {
        for exchange in [try HTTPExchange.verifying(caFile: certificates.file("other-ca.pem")), HTTPExchange()] {
            do {
                _ = try await EtcdGateway(endpoints: [etcd.endpoint], timeout: 3, exchange: exchange).read(prefix: "/warroom/")
                Issue.record("an answer from a certificate nobody trusts")
            } catch {
                #expect(error.description.contains(etcd.endpoint), "\(error)")
                #expect(error.description.lowercased().contains("certificate"), "\(error)")
            }
        }
    }

    @Test("a CA file that is missing or not a certificate is said, naming it")
    func badFile() throws {
        let missing = certificates.file("nope.pem")
        #expect(throws: HTTPExchange.Failure.self) { try HTTPExchange.verifying(caFile: missing) }
        try "not a certificate".write(toFile: certificates.file("junk.pem"), atomically: true, encoding: .utf8)
        do {
            _ = try HTTPExchange.verifying(caFile: certificates.file("junk.pem"))
            Issue.record("junk taken as a CA")
        } catch {
            #expect(error.description.hasPrefix(certificates.file("junk.pem") + ": "))
        }
    }
}
