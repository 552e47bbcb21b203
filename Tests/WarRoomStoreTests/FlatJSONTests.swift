import Foundation
import Testing
@testable import WarRoomStore

/// The fast reader of stored labels must read exactly what JSONDecoder reads,
/// and give up (so the decoder decides) on anything else.
@Suite("Stored labels read without JSONDecoder")
struct FlatJSONTests {
    static let maps: [[String: String]] = [
        [:],
        ["alertname": "PostgresDown", "site": "dc-east"],
        ["quote": "say \"no\"", "slash": "a\\b/c", "controls": "tab\there\nnew\u{1}line\u{7F}"],
        ["unicode": "Zürich 東京 🚨", "rtl": "\u{202E}evil", "empty": ""],
    ]

    @Test("every map the writer stores reads back the same")
    func roundTrip() throws {
        for map in Self.maps {
            let stored = try StoredJSON.encode(map)
            #expect(FlatJSON.stringMap(stored) == map, "\(stored)")
        }
        for array in [[], ["a"], ["silence-1", "s\"2", "é"]] {
            let stored = try StoredJSON.encodeValue(array)
            #expect(FlatJSON.stringArray(stored) == array)
        }
    }

    @Test("escapes JSON allows, spaces and surrogate pairs read as JSONDecoder reads them")
    func escapes() throws {
        let texts = [#" { "a" : "\u00e9\ud83d\udea8\/\b\f\r" , "b":"x" } "#, #"{"k":"\u0000"}"#]
        for text in texts {
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
            #expect(FlatJSON.stringMap(text) == decoded, "\(text)")
        }
    }

    @Test("anything but a flat object of strings is left to the decoder", arguments: [
        "", "{", "{\"a\":1}", "{\"a\":\"b\",}", "{\"a\":\"b\"} x", "{\"a\":{\"b\":\"c\"}}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\ud83d\"}", "{\"a\":\"unterminated}", "[\"a\"]", "{\"a\":\"tab\there\"}",
    ])
    func refusals(text: String) {
        #expect(FlatJSON.stringMap(text) == nil)
    }

    @Test("a label text nobody can parse is shown whole, never dropped")
    func unparsable() {
        #expect(StoredJSON.decode("not json") == ["(unparsed)": "not json"])
        #expect(StoredJSON.decode("{\"n\":1}") == ["(unparsed)": "{\"n\":1}"])
    }
}
