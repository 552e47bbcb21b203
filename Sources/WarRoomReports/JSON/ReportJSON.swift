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
        try value.encode(to: SlotEncoder(slot: root, place: .root))
        guard !root.isEmpty else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(Value.self) did not encode any values."))
        }
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        root.write(into: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }
}

/// One value of the tree being encoded: a scalar already written as JSON
/// text, an object or an array. A class, because containers are values
/// that must write into the slot their encoder was given.
final class JSONSlot {
    /// A number, boolean or `null` as its JSON text.
    var scalar: String?
    /// A string, quoted when written.
    var string: String?
    /// An object's members in the order they were encoded; sorted (and a key
    /// encoded twice kept once, the last) when written. Not a dictionary:
    /// hashing every key cost more than sorting the few members of an object.
    var members: [(key: String, slot: JSONSlot)]?
    var elements: [JSONSlot]?

    var isEmpty: Bool { scalar == nil && string == nil && members == nil && elements == nil }

    /// This slot as an object, turning an untouched slot into an empty one.
    func object() -> JSONSlot {
        if members == nil { members = [] }
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
    func write(into out: inout [UInt8], indent: Int) {
        if let string {
            JSONText.appendQuoted(string, to: &out)
        } else if let scalar {
            out += scalar.utf8
        } else if let elements {
            Self.writeList(elements.map { (nil, $0) }, open: "[", close: "]", into: &out, indent: indent)
        } else {
            Self.writeList(Self.sorted(members ?? []), open: "{", close: "}", into: &out, indent: indent)
        }
    }

    /// Members by key in byte order, each key once with its last value.
    private static func sorted(_ members: [(key: String, slot: JSONSlot)]) -> [(key: String?, slot: JSONSlot)] {
        // Sorting by key, then by place, puts a key's last value last among its equals.
        let keys = members.map { Array($0.key.utf8) }
        let order = keys.indices.sorted { left, right in
            keys[left] == keys[right] ? left < right : keys[left].lexicographicallyPrecedes(keys[right])
        }
        var kept: [(key: String?, slot: JSONSlot)] = []
        kept.reserveCapacity(order.count)
        for (place, index) in order.enumerated() where place == order.count - 1 || keys[order[place + 1]] != keys[index] {
            kept.append((members[index].key, members[index].slot))
        }
        return kept
    }

    private static func writeList(_ items: [(key: String?, slot: JSONSlot)], open: Unicode.Scalar, close: Unicode.Scalar,
                                  into out: inout [UInt8], indent: Int) {
        out.append(UInt8(ascii: open))
        out.append(UInt8(ascii: "\n"))
        for (index, item) in items.enumerated() {
            out += repeatElement(UInt8(ascii: " "), count: indent + 2)
            if let key = item.key {
                JSONText.appendQuoted(key, to: &out)
                out += " : ".utf8
            }
            item.slot.write(into: &out, indent: indent + 2)
            if index < items.count - 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
        }
        if items.isEmpty { out.append(UInt8(ascii: "\n")) }
        out += repeatElement(UInt8(ascii: " "), count: indent)
        out.append(UInt8(ascii: close))
    }
}
