import WarRoomReports

/// A screenful of cells: what `render` returns and the terminal backend copies
/// to the screen. Drawing clips at the edges, so a widget given too little
/// room is cut, never wraps onto the next line.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` of row `y`, clipped to `maxWidth` columns
    /// (and to the frame). Returns the column after the last one written.
    /// `text` must already be sanitized: this draws it as it is.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .normal, bold: Bool = false,
                             maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        var cursor = (column: x, limit: min(width, x + (maxWidth ?? width)))
        // Text of simple scalars (ASCII, gauges, sparklines) is a cell a scalar: no grapheme breaking.
        if text.unicodeScalars.allSatisfy(TerminalText.isSimple) {
            for scalar in text.unicodeScalars {
                guard place(String(scalar), width: TerminalText.simpleWidth(of: scalar), at: &cursor, y: y, role: role,
                            bold: bold) else { break }
            }
        } else {
            for character in text {
                guard place(String(character), width: TerminalText.width(of: character), at: &cursor, y: y, role: role,
                            bold: bold) else { break }
            }
        }
        return cursor.column
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
    private mutating func place(_ text: String, width w: Int, at cursor: inout (column: Int, limit: Int), y: Int,
                                role: StyleRole, bold: Bool) -> Bool {
        guard w > 0 else { return true }
        guard cursor.column + w <= cursor.limit else { return false }
        if cursor.column >= 0 {
            self[cursor.column, y] = Cell(text, role: role, bold: bold)
            if w == 2 { self[cursor.column + 1, y] = Cell("", role: role, bold: bold) }
        }
        cursor.column += w
        return true
    }

    /// Fills a rectangle with `character` in `role`.
    public mutating func fill(_ rect: Rect, with character: String = " ", role: StyleRole = .normal) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y] = Cell(character, role: role) }
        }
    }

    /// Sets the role of every cell in `rect`, keeping the text (selection bars).
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y].role = role }
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
            for x in 0..<width { line += self[x, y].text }
            return line
        }.joined(separator: "\n")
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
