import WarRoomReports

/// A screenful of cells: what `render` returns and the terminal backend copies
/// to the screen. Drawing clips at the edges, so a widget given too little
/// room is cut, never wraps onto the next line.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Every cell as plain memory (a scalar and a style): a frame of 17,500
    /// cells is written, compared and copied without touching a string.
    private(set) var glyphs: [Glyph]
    /// The text of the cells whose character is several scalars (a flag, a
    /// letter and its marks), by cell index; rare, so kept aside.
    private var clusters: [Int: String] = [:]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        glyphs = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get {
            let glyph = glyphs[y * width + x]
            return Cell(text(of: y * width + x), role: glyph.role, bold: glyph.bold)
        }
        set {
            let (scalar, cluster) = Glyph.scalar(of: newValue.text)
            set(y * width + x, Glyph(scalar: scalar, role: newValue.role, bold: newValue.bold), cluster: cluster)
        }
    }

    /// The text of the cell at `index` (`""` for the second half of a wide character).
    func text(of index: Int) -> String {
        switch glyphs[index].scalar {
        case Glyph.secondHalf: ""
        case Glyph.cluster: clusters[index] ?? ""
        case let value: Unicode.Scalar(value).map { String(Character($0)) } ?? ""
        }
    }

    /// Appends the scalars of the cell at `index` to `scalars` (none for the
    /// second half of a wide character): what a wide-character terminal call takes.
    func appendScalars(of index: Int, to scalars: inout [Int32]) {
        switch glyphs[index].scalar {
        case Glyph.secondHalf: break
        case Glyph.cluster: scalars.append(contentsOf: (clusters[index] ?? "").unicodeScalars.map { Int32(bitPattern: $0.value) })
        case let value: scalars.append(Int32(bitPattern: value))
        }
    }

    /// True when the cell at `index` shows the same as in `other` (a frame of the same size).
    func cellMatches(_ index: Int, of other: Frame) -> Bool {
        glyphs[index] == other.glyphs[index] && (glyphs[index].scalar != Glyph.cluster || clusters[index] == other.clusters[index])
    }

    private mutating func set(_ index: Int, _ glyph: Glyph, cluster: String? = nil) {
        if glyphs[index].scalar == Glyph.cluster { clusters[index] = nil }
        glyphs[index] = glyph
        if let cluster { clusters[index] = cluster }
    }

    /// Writes `text` from column `x` of row `y`, clipped to `maxWidth` columns
    /// (and to the frame). Returns the column after the last one written.
    /// `text` must already be sanitized: this draws it as it is.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .normal, bold: Bool = false,
                             maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        var cursor = (column: x, limit: min(width, x + (maxWidth ?? width)))
        // Most of a frame is printable ASCII: a cell a byte.
        if TerminalText.isPrintableASCII(text) {
            for byte in text.utf8 {
                guard place(UInt32(byte), width: 1, at: &cursor, y: y, role: role, bold: bold) else { break }
            }
        } else if text.unicodeScalars.allSatisfy(TerminalText.isSimple) {
            // Text of simple scalars (gauges, sparklines, boxes) is a cell a scalar: no grapheme breaking.
            for scalar in text.unicodeScalars {
                guard place(scalar.value, width: TerminalText.simpleWidth(of: scalar), at: &cursor, y: y, role: role,
                            bold: bold) else { break }
            }
        } else {
            for character in text {
                let (scalar, cluster) = Glyph.scalar(of: String(character))
                guard place(scalar, width: TerminalText.width(of: character), at: &cursor, y: y, role: role, bold: bold,
                            cluster: cluster) else { break }
            }
        }
        return cursor.column
    }

    /// Puts one narrow, printable scalar (a level of a sparkline, a gauge's
    /// block) in the cell at `x`, `y`; nothing outside the frame.
    mutating func putNarrow(_ scalar: Unicode.Scalar, x: Int, y: Int, role: StyleRole) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        set(y * width + x, Glyph(scalar: scalar.value, role: role, bold: false))
    }

    /// Writes `text` (sanitized) as ``TerminalText/fit(_:_:alignRight:ellipsis:)``
    /// makes it — cut with `ellipsis` when wider than `columns`, padded with
    /// spaces in its role when narrower — without making that string first (a
    /// table writes a thousand cells a frame). Clipped as ``put(_:x:y:role:bold:maxWidth:)``.
    public mutating func putFitted(_ text: String, columns: Int, alignRight: Bool = false, ellipsis: String, x: Int, y: Int,
                                   role: StyleRole = .normal, bold: Bool = false, maxWidth: Int? = nil) {
        guard columns > 0, y >= 0, y < height else { return }
        let textWidth = TerminalText.displayWidth(text)
        guard textWidth <= columns else {
            put(TerminalText.fit(text, columns, alignRight: alignRight, ellipsis: ellipsis), x: x, y: y, role: role, bold: bold,
                maxWidth: maxWidth)
            return
        }
        let limit = min(width, x + (maxWidth ?? width))
        let padding = columns - textWidth
        let textX = alignRight ? x + padding : x
        put(text, x: textX, y: y, role: role, bold: bold, maxWidth: limit - textX)
        let blank = Glyph(scalar: 0x20, role: role, bold: bold)
        for column in (alignRight ? x : x + textWidth)..<(alignRight ? x + padding : x + columns)
            where column >= 0 && column < limit {
            set(y * width + column, blank)
        }
    }

    /// Writes `text` (sanitized) wrapped at spaces to `width` columns from
    /// column `x` of row `y`, its further lines `continuationIndent` columns
    /// in, on rows before `maxY` only. Returns the row below the last written.
    @discardableResult
    public mutating func putWrapped(_ text: String, x: Int, y: Int, width: Int, maxY: Int, continuationIndent: Int = 0,
                                    role: StyleRole = .normal, boldFirst: Bool = false) -> Int {
        var row = y
        for (index, line) in WrappedText.lines(text, width: width).enumerated() where row < maxY {
            put(line, x: x + (index == 0 ? 0 : continuationIndent), y: row, role: role, bold: boldFirst && index == 0)
            row += 1
        }
        return row
    }

    /// Puts one character `width` columns wide at the cursor and moves it on;
    /// `false` when it does not fit before the limit. A wide character's
    /// second column is an empty cell; one of no width is skipped.
    private mutating func place(_ scalar: UInt32, width w: Int, at cursor: inout (column: Int, limit: Int), y: Int,
                                role: StyleRole, bold: Bool, cluster: String? = nil) -> Bool {
        guard w > 0 else { return true }
        guard cursor.column + w <= cursor.limit else { return false }
        if cursor.column >= 0 {
            let index = y * width + cursor.column
            set(index, Glyph(scalar: scalar, role: role, bold: bold), cluster: cluster)
            if w == 2 { set(index + 1, Glyph(scalar: Glyph.secondHalf, role: role, bold: bold)) }
        }
        cursor.column += w
        return true
    }

    /// Fills a rectangle with `character` in `role`.
    public mutating func fill(_ rect: Rect, with character: String = " ", role: StyleRole = .normal) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        guard clipped.width > 0, clipped.height > 0 else { return }
        // Made once, then copied: the first cell decides how the character is kept.
        self[clipped.x, clipped.y] = Cell(character, role: role)
        let (glyph, cluster) = (glyphs[clipped.y * width + clipped.x], clusters[clipped.y * width + clipped.x])
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { set(y * width + x, glyph, cluster: cluster) }
        }
    }

    /// Sets the role of every cell in `rect`, keeping the text (selection bars).
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { glyphs[y * width + x].role = role }
        }
    }

    /// Draws a box border around `rect` with an optional title in its top edge.
    public mutating func box(_ rect: Rect, title: String? = nil, glyphs: Glyphs, role: StyleRole = .border,
                             titleRole: StyleRole = .header) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: glyphs.horizontal, count: rect.width - 2)
        put(glyphs.topLeft + horizontal + glyphs.topRight, x: rect.x, y: rect.y, role: role)
        put(glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, role: role)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put(glyphs.vertical, x: rect.x, y: y, role: role)
            put(glyphs.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        if let title, rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, role: titleRole, bold: true, maxWidth: rect.width - 2)
        }
    }

    /// The frame as plain text, one line per row (tests and golden files).
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += text(of: y * width + x) }
            return line
        }.joined(separator: "\n")
    }
}

/// A cell as the frame stores it: its character as one scalar (or a marker)
/// and its style, nothing to count references of.
struct Glyph: Equatable, Sendable {
    /// The second column of a wide character: drawn by the first.
    static let secondHalf: UInt32 = 0xFFFF_FFFF
    /// A character of several scalars, whose text the frame keeps aside.
    static let cluster: UInt32 = 0xFFFF_FFFE

    var scalar: UInt32
    var role: StyleRole
    var bold: Bool

    static let blank = Glyph(scalar: 0x20, role: .normal, bold: false)

    /// How a cell's text is kept: its one scalar, the second half's marker
    /// for no text, or the cluster marker with the text to keep aside.
    static func scalar(of text: String) -> (scalar: UInt32, cluster: String?) {
        let scalars = text.unicodeScalars
        if scalars.isEmpty { return (secondHalf, nil) }
        if scalars.count == 1, let only = scalars.first { return (only.value, nil) }
        return (cluster, text)
    }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }

    /// The inside of a box drawn on this rectangle.
    public var inset: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }

    /// Splits into a top part of `height` rows and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let rows = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: rows), Rect(x: x, y: y + rows, width: width, height: height - rows))
    }

    /// Splits into a left part of `columns` and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let columns = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: columns, height: height),
                Rect(x: x + columns, y: y, width: width - columns, height: height))
    }
}
