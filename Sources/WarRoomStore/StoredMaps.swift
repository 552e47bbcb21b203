/// String maps the cache stores as JSON (alert labels, annotations), decoded
/// once by their text: a screenful of alerts is the same at the next
/// refresh, and decoding is most of what reading an alert costs. Bounded: it
/// starts again past 4,096 texts.
struct StoredMaps {
    private var decoded: [String: [String: String]] = [:]

    mutating func decode(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        if let known = decoded[text] { return known }
        if decoded.count >= 4096 { decoded = [:] }
        let map = StoredJSON.decode(text)
        decoded[text] = map
        return map
    }
}
