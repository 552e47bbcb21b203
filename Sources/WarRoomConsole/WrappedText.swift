import WarRoomReports

/// Text broken into lines of at most a given display width: at spaces where
/// it can, inside a word only when the word alone is wider than the line.
/// For reasons and probe words, which must be read whole, never cut.
public enum WrappedText {
    /// The lines of `text` (already sanitized) at most `width` columns wide; at least one.
    public static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            var wordWidth = TerminalText.displayWidth(word)
            if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            while wordWidth > width {
                let (head, rest) = split(word, at: width)
                lines.append(head)
                word = rest
                wordWidth = TerminalText.displayWidth(word)
            }
            line = word
            lineWidth = wordWidth
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The longest head of `word` that fits `width` columns (at least one character), and the rest.
    private static func split(_ word: String, at width: Int) -> (String, String) {
        var used = 0
        var end = word.startIndex
        for index in word.indices {
            let characterWidth = TerminalText.width(of: word[index])
            if used + characterWidth > width && end > word.startIndex { break }
            used += characterWidth
            end = word.index(after: index)
        }
        return (String(word[..<end]), String(word[end...]))
    }
}
