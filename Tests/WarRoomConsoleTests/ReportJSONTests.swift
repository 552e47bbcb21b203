import Foundation
import Testing
import WarRoomConsole
import WarRoomModel
import WarRoomReports

/// `ReportJSON` must write what `JSONEncoder` writes with the options warroom
/// prints with, byte for byte: scripts parse `status --json`, and the goldens
/// of the status report were written by `JSONEncoder`.
@Suite("report JSON")
struct ReportJSONTests {
    func foundation<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Everything: Encodable {
        struct Inner: Encodable { var name: String; var when: Int64? }
        var numbers: [Double] = [5, 0.056, 1e-7, 1e20, 1.5e300, -0.0, 123456789.125, 1e16, 1e15, 0.1 + 0.2, -3.5e-5,
                                 .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var floats: [Float] = [1.5, 0.1, 3e38]
        var integers: [Int64] = [.max, .min, 0, -1]
        var unsigned: [UInt64] = [.max]
        var small: [Int8] = [-128]
        var strings = ["a/b", "q\"b\\", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F}", "é\u{2028}😀",
                       "\u{1B}[31m\u{1B}]0;owned\u{07}", "", " spaced ", "e\u{301}",
                       "é\"😀\n\u{1F}ß\\"]
        var flags = [true, false]
        var absent: String?
        var present: String? = "here"
        var nulls: [Int?] = [nil, 1]
        var emptyArray: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nestedEmpty: [[String: [Int]]] = [[:], ["k": []]]
        var dictionary = ["b": 2, "B": 1, "a10": 3, "a2": 4, "_x": 5, "é": 6]
        var inner = [Inner(name: "x", when: nil), Inner(name: "y", when: 7)]
        var role = SiteRole.primary
    }

    @Test("every kind of value is written as JSONEncoder writes it")
    func matchesFoundation() throws {
        let value = Everything()
        #expect(try ReportJSON.text(value) == foundation(value))
    }

    /// Encodes `b`, then `a`, then `b` again: one `b`, the last.
    struct Twice: Encodable {
        enum Key: String, CodingKey { case a, b }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .b)
            try container.encode("x", forKey: .a)
            try container.encode([true], forKey: .b)
        }
    }

    @Test("a key encoded twice is written once, with its last value, as JSONEncoder writes it")
    func keyTwice() throws {
        let text = try ReportJSON.text(Twice())
        #expect(text == (try foundation(Twice())))
        #expect(text.components(separatedBy: "\"b\"").count == 2)
    }

    @Test("a top-level scalar, array and empty object")
    func topLevel() throws {
        #expect(try ReportJSON.text("x") == foundation("x"))
        #expect(try ReportJSON.text([1, 2]) == foundation([1, 2]))
        #expect(try ReportJSON.text([String: Int]()) == foundation([String: Int]()))
    }

    @Test("a status report with an incident, hostile text and unknown lag")
    func statusReport() throws {
        let site = Site(id: "evil", name: "Evil\u{1B}]0;owned\u{07}", location: "", role: .tertiary,
                        capacityPercent: 50, loadPercent: 1)
        let alert = Alert(fingerprint: "f", name: "X\u{1B}[2J", severity: .critical, state: .firing, siteID: "evil",
                          serviceID: nil, summary: "boom\u{1B}[31m\nrm -rf \"/\"", startsAt: 0)
        let link = ReplicationLink(id: "l", dataType: "registry", sourceSiteID: "evil", targetSiteID: "b", mode: .async,
                                   rpoSeconds: 5)
        let report = StatusReport(snapshot: CacheSnapshot(sites: [site], links: [link], firingCounts: [.critical: 1],
                                                          topAlerts: [alert]), wallNow: 0, version: "0.1.0")
        let text = try ReportJSON.text(report)
        #expect(text == (try foundation(report)))
        #expect(text.contains("\"lagSeconds\" : null"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("a number JSON cannot hold is refused, as JSONEncoder refuses it")
    func nonFinite() {
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try ReportJSON.text(["x": number]) }
            #expect(throws: EncodingError.self) { try foundation(["x": number]) }
        }
    }
}
