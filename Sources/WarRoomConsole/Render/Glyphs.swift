import WarRoomReports

/// The characters the console draws with: UTF-8 box drawing and block
/// sparklines where the locale allows, plain ASCII otherwise.
public struct Glyphs: Equatable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    /// Sparkline levels, lowest first: each one narrow scalar, drawn a cell a sample.
    public var sparkLevels: [Unicode.Scalar]
    /// A gauge's filled and empty cells: each one narrow scalar.
    public var gaugeFull, gaugeEmpty: Unicode.Scalar
    public var arrow, ellipsis, separator: String
    /// When true, text from outside is shown in ASCII (non-ASCII escaped).
    public var asciiOnly: Bool

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], gaugeFull: "█", gaugeEmpty: "░",
        arrow: "→", ellipsis: "…", separator: "·", asciiOnly: false)

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        sparkLevels: ["_", ".", "-", "~", "=", "+", "*", "#"], gaugeFull: "#", gaugeEmpty: ".",
        arrow: "->", ellipsis: "~", separator: "|", asciiOnly: true)

    /// Text from outside, made safe and drawable with these glyphs.
    public func safe(_ text: String) -> String {
        TerminalText.sanitize(text, asciiOnly: asciiOnly)
    }

    /// `text` cut (with this set's ellipsis) and padded to `columns`.
    public func fit(_ text: String, _ columns: Int, alignRight: Bool = false) -> String {
        TerminalText.fit(text, columns, alignRight: alignRight, ellipsis: ellipsis)
    }
}
