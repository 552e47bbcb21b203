/// What a list's filter means, wherever the list is filtered — in the cache's
/// SQL (`LIKE`, which folds ASCII letters only) or in memory: any of the
/// row's fields contains the text, ignoring the case of ASCII letters, every
/// other character (`%` and `_` included) taken literally. An empty filter
/// matches everything.
public enum ListFilter {
    public static func matches(_ filter: String, anyOf fields: [String]) -> Bool {
        guard !filter.isEmpty else { return true }
        let wanted = Array(folded(filter))
        return fields.contains { field in
            let text = Array(folded(field))
            guard text.count >= wanted.count else { return false }
            return (0...(text.count - wanted.count)).contains { start in text[start..<start + wanted.count].elementsEqual(wanted) }
        }
    }

    /// `text` with ASCII capitals lowered, as SQLite's `LIKE` compares.
    static func folded(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.map { scalar in
            (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }
    }
}
