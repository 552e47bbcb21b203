/// What a list's filter means, wherever the list is filtered — in the cache's
/// SQL (`LIKE`, which folds ASCII letters only) or in memory: any of the
/// row's fields contains the text, ignoring the case of ASCII letters, every
/// other character (`%` and `_` included) taken literally. An empty filter
/// matches everything.
public enum ListFilter {
    public static func matches(_ filter: String, anyOf fields: [String]) -> Bool {
        guard !filter.isEmpty else { return true }
        // Compared as UTF-8 bytes with ASCII capitals lowered: no copies per field (the console filters every link).
        let wanted = Array(filter.utf8.lazy.map(folded))
        return fields.contains { field in
            var bytes = field.utf8.makeIterator()
            var window: [UInt8] = []
            window.reserveCapacity(wanted.count)
            while let byte = bytes.next() {
                window.append(folded(byte))
                if window.count > wanted.count { window.removeFirst() }
                if window == wanted { return true }
            }
            return false
        }
    }

    /// An ASCII capital lowered, as SQLite's `LIKE` compares; every other byte as it is.
    private static func folded(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }
}
