import Foundation
import WarRoomModel
import Yams

/// A YAML mapping read field by field, each mistake reported with its line
/// and dotted path. Unknown keys are refused: a typo must not silently drop
/// a check or an approver.
struct Fields {
    let node: Node
    let mapping: Node.Mapping
    let file: String
    let path: String

    init(_ node: Node, file: String, path: String, allowed: Set<String>) throws(RunbookError) {
        self.node = node
        self.file = file
        self.path = path
        guard let mapping = node.mapping else {
            throw RunbookError(file: file, line: RunbookFile.line(of: node), field: path, message: "must be a mapping of `key: value`")
        }
        self.mapping = mapping
        for key in mapping.keys {
            let name = key.string ?? "?"
            guard allowed.contains(name) else {
                throw RunbookError(file: file, line: RunbookFile.line(of: key), field: qualified(name),
                                   message: "unknown field (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about `key`, at the line of the key itself (a block value starts below it).
    func error(_ key: String, _ message: String) -> RunbookError {
        let keyNode = mapping.first { $0.key.string == key }?.key
        return RunbookError(file: file, line: RunbookFile.line(of: keyNode ?? node), field: qualified(key), message: message)
    }

    /// The value of `key`; a key given no value (`key:` or `key: ~`) counts as absent.
    private func value(_ key: String) -> Node? {
        guard let value = mapping[key], value.null == nil else { return nil }
        return value
    }

    func optionalString(_ key: String) throws(RunbookError) -> String? {
        guard let value = value(key) else { return nil }
        guard let scalar = value.scalar else { throw error(key, "must be text") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw error(key, "must not be empty") }
        return text
    }

    func string(_ key: String) throws(RunbookError) -> String {
        guard let text = try optionalString(key) else {
            throw RunbookError(file: file, line: RunbookFile.line(of: node), field: qualified(key), message: "is required")
        }
        return text
    }

    func optionalBool(_ key: String) throws(RunbookError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else { throw error(key, "must be true or false") }
        return bool
    }

    func optionalInt(_ key: String) throws(RunbookError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int else { throw error(key, "must be a whole number") }
        return number
    }

    /// Seconds, as a number (`90`) or with a unit (`90s`, `15m`, `2h`).
    func optionalDuration(_ key: String) throws(RunbookError) -> Double? {
        guard let value = value(key), let text = value.scalar?.string else { return nil }
        guard let seconds = DurationText.seconds(text), seconds > 0 else {
            throw error(key, "must be a positive duration like 90, 90s, 15m or 2h (got '\(text)')")
        }
        return seconds
    }

    func sequence(_ key: String) throws(RunbookError) -> [Node] {
        guard let value = value(key) else {
            throw RunbookError(file: file, line: RunbookFile.line(of: node), field: qualified(key), message: "is required")
        }
        guard let sequence = value.sequence else { throw error(key, "must be a list") }
        return Array(sequence)
    }

    func optionalStrings(_ key: String) throws(RunbookError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let sequence = value.sequence else { throw error(key, "must be a list like [a, b]") }
        var strings: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else { throw error(key, "must list text only") }
            strings.append(text)
        }
        return strings
    }

    func optionalStringMap(_ key: String) throws(RunbookError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard let map = value.mapping else { throw error(key, "must be a mapping of NAME: value") }
        var result: [String: String] = [:]
        for (name, item) in map {
            guard let name = name.string, let text = item.scalar?.string else { throw error(key, "must map names to text") }
            result[name] = text
        }
        return result
    }

    func optionalMapping(_ key: String, allowed: Set<String>) throws(RunbookError) -> Fields? {
        guard let value = value(key) else { return nil }
        return try Fields(value, file: file, path: qualified(key), allowed: allowed)
    }
}
