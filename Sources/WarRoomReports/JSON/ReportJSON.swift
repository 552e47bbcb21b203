/// Encodes a report as the JSON warroom prints: pretty-printed, keys sorted,
/// slashes left alone — byte for byte what Foundation's `JSONEncoder` writes
/// with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` for values
/// built of strings, numbers, booleans, optionals, arrays, dictionaries and
/// structs.
///
/// Why not `JSONEncoder`: it casts every value it meets to the types it
/// treats specially, and each cast's first use scans every protocol
/// conformance of the binary. In the packaged binary that was a sixth of
/// what `warroom status --json` costs, a call wallboards make every second.
/// Unlike `JSONEncoder`, `Date`, `Data`, `URL` and `Decimal` are written as
/// their own `Encodable` conformance says; reports hold none.
public enum ReportJSON {
    /// The JSON text of `value`, without a final newline.
    ///
    /// - throws: `EncodingError.invalidValue` for a NaN or infinite number, or
    ///   a value that encodes nothing, as `JSONEncoder` does.
    public static func text<Value: Encodable>(_ value: Value) throws -> String {
        let root = JSONSlot()
        try value.encode(to: SlotEncoder(slot: root, codingPath: []))
        guard !root.isEmpty else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(Value.self) did not encode any values."))
        }
        var out = ""
        root.write(into: &out, indent: 0)
        return out
    }
}

/// One value of the tree being encoded: a scalar already written as JSON
/// text, an object or an array. A class, because containers are values
/// that must write into the slot their encoder was given.
final class JSONSlot {
    var scalar: String?
    var members: [String: JSONSlot]?
    var elements: [JSONSlot]?

    var isEmpty: Bool { scalar == nil && members == nil && elements == nil }

    /// This slot as an object, turning an untouched slot into an empty one.
    func object() -> JSONSlot {
        if members == nil { members = [:] }
        return self
    }

    /// This slot as an array, turning an untouched slot into an empty one.
    func array() -> JSONSlot {
        if elements == nil { elements = [] }
        return self
    }

    /// Writes the slot at `indent` spaces the way `JSONEncoder` lays out
    /// pretty-printed JSON: `"key" : value`, two spaces a level, and an empty
    /// object or array as its brackets around an empty line.
    func write(into out: inout String, indent: Int) {
        if let scalar {
            out += scalar
        } else if let elements {
            Self.writeList(elements.map { (nil, $0) }, open: "[", close: "]", into: &out, indent: indent)
        } else {
            let sorted = (members ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            Self.writeList(sorted.map { ($0.key, $0.value) }, open: "{", close: "}", into: &out, indent: indent)
        }
    }

    private static func writeList(_ items: [(key: String?, slot: JSONSlot)], open: String, close: String,
                                  into out: inout String, indent: Int) {
        let inner = String(repeating: " ", count: indent + 2)
        out += open + "\n"
        for (index, item) in items.enumerated() {
            out += inner
            if let key = item.key { out += JSONText.quoted(key) + " : " }
            item.slot.write(into: &out, indent: indent + 2)
            out += index == items.count - 1 ? "\n" : ",\n"
        }
        if items.isEmpty { out += "\n" }
        out += String(repeating: " ", count: indent) + close
    }
}
