import Testing
import WarRoomConsole
import WarRoomReports

@Suite("Text from outside is shown, never interpreted")
struct TerminalTextTests {
    static let hostile: [String] = [
        "\u{1B}[2J\u{1B}[H wiped",                     // clear screen, cursor home
        "\u{1B}]0;pwned\u{07}title",                  // OSC: set window title
        "\u{1B}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{07}",  // OSC 52: write the clipboard
        "\u{9B}31mC1 CSI",                            // 8-bit CSI
        "bell\u{07}\u{07}",
        "nul\u{00}byte",
        "line\nbreak\rreturn\ttab",
        "\u{202E}txt.exe",                            // right-to-left override
        "\u{1B}P+q544e\u{1B}\\",                      // DCS request
        "del\u{7F}",
    ]

    @Test("no control character, escape or bidi override survives", arguments: hostile)
    func neutralised(text: String) {
        let safe = TerminalText.sanitize(text)
        for scalar in safe.unicodeScalars {
            #expect(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value),
                    "control U+\(String(scalar.value, radix: 16)) left in \(safe.debugDescription)")
            #expect(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value))
        }
    }

    @Test("what was escaped stays readable")
    func readable() {
        #expect(TerminalText.sanitize("\u{1B}[31mred") == "\\e[31mred")
        #expect(TerminalText.sanitize("a\nb") == "a\\nb")
        #expect(TerminalText.sanitize("bell\u{07}") == "bell\\x07")
        #expect(TerminalText.sanitize("\u{202E}abc") == "\\u{202E}abc")
        #expect(TerminalText.sanitize("C:\\e") == "C:\\\\e", "a literal backslash can't pose as an escape")
        #expect(TerminalText.sanitize("Zürich 東京 ✅") == "Zürich 東京 ✅")
    }

    @Test("width counts terminal columns: wide characters two, combining marks none")
    func width() {
        #expect(TerminalText.displayWidth("London") == 6)
        #expect(TerminalText.displayWidth("東京") == 4)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)
        #expect(TerminalText.displayWidth("✅ ok") == 5)
        #expect(TerminalText.displayWidth("🇬🇧") == 2)
    }

    @Test("fit cuts and pads to exact columns, never splitting a wide character")
    func fit() {
        #expect(TerminalText.fit("London", 8) == "London  ")
        #expect(TerminalText.fit("London", 8, alignRight: true) == "  London")
        #expect(TerminalText.fit("Singapore", 6) == "Singa…")
        #expect(TerminalText.fit("東京東京", 5) == "東京…")
        #expect(TerminalText.displayWidth(TerminalText.fit("東京東京", 4)) == 4)
        #expect(TerminalText.fit("x", 0) == "")
        // Each way of cutting: printable ASCII by byte, simple scalars by scalar, other text by grapheme.
        #expect(TerminalText.fit("Singapore", 1) == "…" && TerminalText.fit("Singapore", 3, ellipsis: "...") == "...")
        #expect(TerminalText.fit("Singapore", 2, ellipsis: "...") == "...", "an ellipsis wider than the room is kept whole")
        #expect(TerminalText.fit("████░░░░ 52%", 6) == "████░…")
        #expect(TerminalText.fit("Cafe\u{301} Tokyo", 6, alignRight: true) == "Cafe\u{301} …")
        #expect(TerminalText.fit("a\\b", 3) == "a\\b" && TerminalText.fit("Zürich", 9) == "Zürich   ")
    }
}
