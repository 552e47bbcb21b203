import Foundation
import Testing
@testable import WarRoomCluster

/// What the etcd gateway sends is outside input: a field that is not what
/// the API says is refused in words naming it, never trapped on.
@Suite("etcd gateway answers, decoded")
struct EtcdWireTests {
    func object(_ json: String) throws -> [String: Any] {
        try EtcdWire.object(Array(json.utf8), from: "test")
    }

    @Test("int64 fields come as strings; an absent field is 0 (proto3 leaves zero values out)")
    func integers() throws {
        let answer = try object(#"{"header":{"revision":"9007199254740993"},"ID":"-5","TTL":7}"#)
        #expect(try EtcdWire.revision(answer, in: "test") == 9_007_199_254_740_993)
        #expect(try EtcdWire.int64(answer, "ID", in: "test") == -5)
        #expect(try EtcdWire.int64(answer, "TTL", in: "test") == 7)
        #expect(try EtcdWire.int64(answer, "lease", in: "test") == 0)
    }

    @Test("an int64 that is not one is refused, naming the field", arguments: [
        #"{"TTL":"12abc"}"#, #"{"TTL":"99999999999999999999"}"#, #"{"TTL":1.5}"#, #"{"TTL":1e300}"#, #"{"TTL":true}"#, #"{"TTL":[1]}"#,
    ])
    func badIntegers(json: String) throws {
        let answer = try object(json)
        do {
            let value = try EtcdWire.int64(answer, "TTL", in: "x")
            Issue.record("\(json) read as \(value)")
        } catch {
            #expect(error.description.hasPrefix("x: TTL is not an integer"))
        }
    }

    @Test("keys and values are base64; what is not base64 is refused")
    func base64() throws {
        let item = try object(#"{"key":"L3dhcnJvb20vdmlld3M=","value":"/w==","create_revision":"3","mod_revision":"4","lease":"77"}"#)
        let kv = try EtcdWire.keyValue(item, in: "test")
        #expect(kv == ClusterKeyValue(key: "/warroom/views", value: [0xFF], createRevision: 3, modRevision: 4, lease: 77))
        #expect(throws: ClusterFailure.malformed("test: value is not base64")) {
            try EtcdWire.keyValue(try object(#"{"key":"YQ==","value":"%%%"}"#), in: "test")
        }
    }

    @Test("an answer that is not a JSON object is refused")
    func notAnObject() {
        #expect(throws: ClusterFailure.malformed("test: the answer is not a JSON object (7 bytes)")) { try object("[1,2,3]") }
        #expect(throws: ClusterFailure.self) { try object("<html>") }
    }

    @Test("a prefix's range ends at the prefix with its last byte raised; 0xFF bytes carry over")
    func rangeEnd() {
        #expect(EtcdWire.rangeEnd(of: "/a/") == Data("/a0".utf8).base64EncodedString())
        #expect(EtcdWire.rangeEnd(of: "a\u{FF}") == Data([0x61, 0xC3, 0xC0]).base64EncodedString())
        #expect(EtcdWire.rangeEnd(of: "") == Data([0]).base64EncodedString())
    }
}
