import Foundation

/// etcd's `/v3` JSON gateway as it writes and reads values: keys and values
/// in base64, int64 fields as decimal strings, fields holding their zero
/// value left out (proto3 JSON: a failed compare has no `succeeded`).
enum EtcdWire {
    /// A request body: `fields` as JSON.
    static func body(_ fields: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The end of a range covering every key that starts with `prefix`.
    static func rangeEnd(of prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return Data(bytes).base64EncodedString()
            }
            bytes.removeLast()
        }
        return Data([0]).base64EncodedString()  // every key
    }

    /// The answer's JSON object, or why it is not one.
    static func object(_ body: [UInt8], from what: String) throws(ClusterFailure) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .malformed("\(what): the answer is not a JSON object (\(body.count) bytes)")
        }
        return object
    }

    /// An int64 field: a decimal string (or a number), absent meaning 0.
    static func int64(_ object: [String: Any], _ field: String, in what: String) throws(ClusterFailure) -> Int64 {
        switch object[field] {
        case nil: return 0
        case let text as String:
            guard let value = Int64(text) else { throw .malformed("\(what): \(field) is not an integer (\(text.prefix(40)))") }
            return value
        case let number as NSNumber where ["c", "B"].contains(String(cString: number.objCType)):
            throw .malformed("\(what): \(field) is not an integer (a boolean)")
        case let number as NSNumber:
            let value = number.doubleValue
            guard value.isFinite, value.rounded() == value, abs(value) < 9.0e15 else {
                throw .malformed("\(what): \(field) is not an integer (\(number))")
            }
            return Int64(value)
        default:
            throw .malformed("\(what): \(field) is not an integer")
        }
    }

    /// A base64 field as bytes, absent meaning empty.
    static func bytes(_ object: [String: Any], _ field: String, in what: String) throws(ClusterFailure) -> [UInt8] {
        guard let text = object[field] else { return [] }
        guard let text = text as? String, let data = Data(base64Encoded: text) else {
            throw .malformed("\(what): \(field) is not base64")
        }
        return Array(data)
    }

    /// The store's revision from an answer's header.
    static func revision(_ object: [String: Any], in what: String) throws(ClusterFailure) -> Int64 {
        try int64(object["header"] as? [String: Any] ?? [:], "revision", in: what)
    }

    /// A key-value of a range or a transaction's answer.
    static func keyValue(_ object: [String: Any], in what: String) throws(ClusterFailure) -> ClusterKeyValue {
        let key = try bytes(object, "key", in: what)
        return ClusterKeyValue(key: String(decoding: key, as: UTF8.self), value: try bytes(object, "value", in: what),
                               createRevision: try int64(object, "create_revision", in: what),
                               modRevision: try int64(object, "mod_revision", in: what),
                               lease: try int64(object, "lease", in: what))
    }
}
