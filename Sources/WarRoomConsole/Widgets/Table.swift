import WarRoomModel
import WarRoomReports

/// A column of a ``Table``: a header, a width (fixed, or a share of what is
/// left), and how to align it.
public struct TableColumn: Sendable {
    public var header: String
    /// Fixed width in columns; `nil` takes a share of the remaining width.
    public var width: Int?
    /// Smallest width before the column is dropped (flexible columns).
    public var minWidth: Int
    public var alignRight: Bool

    public init(_ header: String, width: Int? = nil, minWidth: Int = 6, alignRight: Bool = false) {
        self.header = header
        self.width = width
        self.minWidth = minWidth
        self.alignRight = alignRight
    }
}

/// One table cell: already sanitized text, or a widget drawn straight into
/// the frame's cells, and its role.
public struct TableCell: Sendable {
    /// What a cell shows.
    public enum Content: Sendable {
        case text(String)
        /// `width` columns of it at most (the newest values when the column is narrower).
        case sparkline(Sparkline, width: Int)
        /// Across the column's width.
        case gauge(Gauge)
    }

    public var content: Content
    public var role: StyleRole

    public init(_ text: String, _ role: StyleRole = .normal) {
        content = .text(text)
        self.role = role
    }

    public init(sparkline: Sparkline, width: Int, _ role: StyleRole = .normal) {
        content = .sparkline(sparkline, width: width)
        self.role = role
    }

    public init(gauge: Gauge, _ role: StyleRole = .normal) {
        content = .gauge(gauge)
        self.role = role
    }
}

/// A scrolling table with a header row and a selection bar. Columns are
/// fitted by display width, so wide characters never push a column out of line.
/// Rows are made only for the lines in view: a thousand-row list costs a screenful.
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var rowCount: Int
    /// The cells of row `index`, asked for only while it is drawn.
    public var row: @Sendable (Int) -> [TableCell]
    /// Index of the selected row, or `nil` for none.
    public var selected: Int?

    public init(columns: [TableColumn], rowCount: Int, selected: Int? = nil, row: @escaping @Sendable (Int) -> [TableCell]) {
        self.columns = columns
        self.rowCount = rowCount
        self.row = row
        self.selected = selected
    }

    public init(columns: [TableColumn], rows: [[TableCell]], selected: Int? = nil) {
        self.init(columns: columns, rowCount: rows.count, selected: selected) { rows[$0] }
    }

    /// Widths of the columns in `width` (a space between columns).
    public func columnWidths(in width: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.compactMap(\.width).reduce(0, +)
        let flexible = columns.filter { $0.width == nil }.count
        let spare = max(0, width - fixed - gaps)
        var widths = columns.map { column in column.width ?? (flexible > 0 ? spare / flexible : 0) }
        // Give the rounding remainder to the last flexible column.
        if let last = columns.lastIndex(where: { $0.width == nil }) {
            widths[last] += flexible > 0 ? spare % flexible : 0
        }
        return widths
    }

    /// Draws into `rect` of `frame`; keeps the selected row in view.
    public func draw(into frame: inout Frame, rect: Rect, glyphs: Glyphs) {
        guard rect.height > 0, rect.width > 0 else { return }
        let widths = columnWidths(in: rect.width)
        let visible = rect.height - 1
        let offset = selected.map { max(0, min($0 - visible + 1, rowCount - visible)) } ?? 0
        // When rows are cut, the header's right end says which and how many.
        let position = rowCount > visible && visible > 0
            ? " \(Format.count(min(rowCount, offset + visible)))/\(Format.count(rowCount))" : ""
        var starts: [Int] = []
        var x = rect.x
        for width in widths {
            starts.append(x)
            if width > 0 { x += width + 1 }
        }
        // At the row's end, unless it would hide the last column's header: then at the end of the last
        // flexible column's header, where there is room (a matrix of fixed columns after a name, say).
        var positionX = rect.maxX - position.count
        if !position.isEmpty, let last = widths.lastIndex(where: { $0 > 0 }),
           starts[last] + TerminalText.displayWidth(columns[last].header) > positionX,
           let flexible = columns.indices.last(where: { columns[$0].width == nil && widths[$0] > 0 }), flexible < last,
           TerminalText.displayWidth(columns[flexible].header) + position.count <= widths[flexible] {
            positionX = starts[flexible] + widths[flexible] - position.count
        }
        for (index, (column, width)) in zip(columns, widths).enumerated() where width > 0 {
            let limit = starts[index] < positionX ? positionX - starts[index] : rect.maxX - starts[index]
            frame.putFitted(column.header, columns: width, alignRight: column.alignRight, ellipsis: glyphs.ellipsis,
                            x: starts[index], y: rect.y, role: .header, bold: true, maxWidth: limit)
        }
        frame.put(position, x: positionX, y: rect.y, role: .muted)
        guard visible > 0 else { return }
        for (line, rowIndex) in (offset..<min(rowCount, offset + visible)).enumerated() {
            let y = rect.y + 1 + line
            var x = rect.x
            let isSelected = rowIndex == selected
            let cells = row(rowIndex)
            for (index, width) in widths.enumerated() where width > 0 && index < cells.count {
                let cell = cells[index]
                let room = rect.maxX - x
                switch cell.content {
                case .text(let text):
                    frame.putFitted(text, columns: width, alignRight: columns[index].alignRight, ellipsis: glyphs.ellipsis,
                                    x: x, y: y, role: cell.role, maxWidth: room)
                case .sparkline(let sparkline, let lineWidth):
                    let drawn = max(0, min(lineWidth, width, room))
                    sparkline.draw(into: &frame, x: x, y: y, width: drawn, role: cell.role, glyphs: glyphs)
                    frame.putFitted("", columns: width - drawn, ellipsis: glyphs.ellipsis, x: x + drawn, y: y, role: cell.role,
                                    maxWidth: room - drawn)
                case .gauge(let gauge) where width <= room:
                    gauge.draw(into: &frame, x: x, y: y, width: width, role: cell.role, glyphs: glyphs)
                case .gauge(let gauge):
                    frame.putFitted(gauge.render(width: width, glyphs: glyphs), columns: width, ellipsis: glyphs.ellipsis,
                                    x: x, y: y, role: cell.role, maxWidth: room)
                }
                x += width + 1
            }
            if isSelected { frame.restyle(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .selection) }
        }
    }
}
