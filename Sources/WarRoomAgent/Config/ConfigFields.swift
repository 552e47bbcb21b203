import Foundation
import WarRoomModel
import Yams

/// A YAML mapping read field by field. A wrong field is recorded as a problem
/// (with its line, column and dotted path) and read as absent, so reading goes
/// on and every problem is found in one pass. Unknown keys are problems too: a
/// typo must not silently disable a check.
struct ConfigFields {
    let node: Node
    let path: String
    let problems: ConfigProblems
    private let mapping: Node.Mapping

    /// `nil` (with a problem recorded) when `node` is not a mapping.
    init?(_ node: Node, path: String, allowed: Set<String>, problems: ConfigProblems) {
        guard let mapping = node.mapping else {
            problems.add("must be a mapping of `key: value`", path: path, at: node)
            return nil
        }
        self.node = node
        self.path = path
        self.problems = problems
        self.mapping = mapping
        for key in mapping.keys {
            let name = key.string ?? "?"
            if !allowed.contains(name) {
                problems.add("unknown field (known: \(allowed.sorted().joined(separator: ", ")))", path: qualified(name),
                             at: key)
            }
        }
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Records a problem about `key`, at its value (or at the mapping when it is absent).
    func problem(_ key: String, _ message: String) {
        problems.add(message, path: qualified(key), at: mapping[key] ?? node)
    }

    /// The value of `key`; a key given no value (`key:` or `key: ~`) counts as absent.
    func value(_ key: String) -> Node? {
        guard let value = mapping[key], value.null == nil else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// The value of `key`; when it is absent and `required`, that is a problem.
    private func present(_ key: String, required: Bool) -> Node? {
        let found = value(key)
        if found == nil && required { problems.add("is required", path: qualified(key), at: node) }
        return found
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = present(key, required: required) else { return nil }
        guard let scalar = value.scalar else {
            problem(key, "must be text")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            problem(key, "must not be empty")
            return nil
        }
        return text
    }

    /// An identifier: lowercase letters, digits and dashes.
    func identifier(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard text.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            problem(key, "'\(text)' must be lowercase letters, digits and dashes")
            return nil
        }
        return text
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else {
            problem(key, "must be true or false")
            return nil
        }
        return bool
    }

    func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let value = present(key, required: required) else { return nil }
        guard let number = value.int else {
            problem(key, "must be a whole number")
            return nil
        }
        guard range.contains(number) else {
            problem(key, "must be \(range.lowerBound) to \(range.upperBound) (got \(number))")
            return nil
        }
        return number
    }

    func double(_ key: String, in range: ClosedRange<Double>, required: Bool = false) -> Double? {
        guard let value = present(key, required: required) else { return nil }
        guard let number = value.float ?? value.int.map(Double.init), number.isFinite else {
            problem(key, "must be a number")
            return nil
        }
        guard range.contains(number) else {
            problem(key, "must be \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound)) (got \(Self.plain(number)))")
            return nil
        }
        return number
    }

    /// Seconds, as a number (`90`) or with a unit (`250ms`, `90s`, `15m`, `2h`, `1d`).
    func duration(_ key: String, required: Bool = false, allowZero: Bool = false) -> Double? {
        guard let value = present(key, required: required) else { return nil }
        guard let text = value.scalar?.string, let seconds = DurationText.seconds(text), seconds >= 0,
              allowZero || seconds > 0 else {
            problem(key, "must be a\(allowZero ? "" : " positive") duration like 90s, 250ms, 15m or 2h, at most 10 years (got '\(value.scalar?.string ?? "a list or mapping")')")
            return nil
        }
        return seconds
    }

    /// A text value that must be one of `E`'s cases.
    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            problem(key, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(text)')")
            return nil
        }
        return value
    }

    /// A list; `[]` when absent (and a problem when `required`).
    func sequence(_ key: String, required: Bool = false) -> [Node] {
        guard let value = present(key, required: required) else { return [] }
        guard let sequence = value.sequence else {
            problem(key, "must be a list")
            return []
        }
        return Array(sequence)
    }

    func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let sequence = value.sequence else {
            problem(key, "must be a list like [a, b]")
            return nil
        }
        var strings: [String] = []
        for (index, item) in sequence.enumerated() {
            guard let text = item.scalar?.string, !text.isEmpty else {
                problems.add("must be text", path: "\(qualified(key))[\(index + 1)]", at: item)
                continue
            }
            strings.append(text)
        }
        return strings
    }

    /// A mapping of names to text, in file order.
    func stringPairs(_ key: String) -> [(name: String, value: String, node: Node)]? {
        guard let value = value(key) else { return nil }
        guard let map = value.mapping else {
            problem(key, "must be a mapping of NAME: value")
            return nil
        }
        var pairs: [(String, String, Node)] = []
        for (name, item) in map {
            guard let name = name.string, let text = item.scalar?.string else {
                problems.add("must map names to text", path: qualified(key), at: item)
                continue
            }
            pairs.append((name, text, item))
        }
        return pairs
    }

    func mapping(_ key: String, allowed: Set<String>) -> ConfigFields? {
        guard let value = value(key) else { return nil }
        return ConfigFields(value, path: qualified(key), allowed: allowed, problems: problems)
    }

    private static func plain(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
