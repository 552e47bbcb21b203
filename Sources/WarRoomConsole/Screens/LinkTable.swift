import WarRoomModel
import WarRoomReports

/// Replication links as a table, the same cells on every screen that lists
/// them: the data at risk (what a failover now would lose of what was seen),
/// `?` when unknown, stale data says STALE, status words carry colour.
struct LinkTable {
    enum Column {
        case dataType, target, source, mode, state, atRisk, bytes, rpo, vsRPO
        case budget(width: Int)
        case history
    }

    var context: ConsoleContext
    var columns: [Column]

    /// How many samples the history column of a table `width` wide shows.
    static func historyWidth(_ columns: [Column], width: Int) -> Int {
        let table = tableColumns(columns)
        return max(4, width - table.compactMap(\.width).reduce(0, +) - table.count)
    }

    static func tableColumns(_ columns: [Column]) -> [TableColumn] {
        columns.map { column in
            switch column {
            case .dataType: TableColumn("DATA TYPE", width: 15)
            case .target: TableColumn("TO", width: 10)
            case .source: TableColumn("FROM", width: 10)
            case .mode: TableColumn("MODE", width: 5)
            case .state: TableColumn("STATE", width: 7)
            case .atRisk: TableColumn("AT RISK", width: 8, alignRight: true)
            case .bytes: TableColumn("BYTES", width: 10, alignRight: true)
            case .rpo: TableColumn("RPO", width: 5, alignRight: true)
            case .vsRPO: TableColumn("VS RPO", width: 6)
            case .budget(let width): TableColumn("BUDGET", width: width)
            case .history: TableColumn("HISTORY")
            }
        }
    }

    func table(_ links: LinkRows, selected: Int?, width: Int) -> Table {
        let historyWidth = Self.historyWidth(columns, width: width)
        return Table(columns: Self.tableColumns(columns), rowCount: links.count, selected: selected) { cells(links[$0], historyWidth: historyWidth) }
    }

    private func cells(_ link: ReplicationLink, historyWidth: Int) -> [TableCell] {
        let g = context.glyphs
        let status = context.rpoStatus(link)
        return columns.map { column in
            switch column {
            case .dataType: TableCell(g.safe(link.dataType))
            case .target: TableCell(context.siteName(link.targetSiteID))
            case .source: TableCell(context.siteName(link.sourceSiteID))
            case .mode: TableCell(link.mode.rawValue, .muted)
            case .state: TableCell(context.isStale ? "STALE" : StateLabel.link(link.state),
                                   context.isStale ? .stale : StateRole.link(link.state))
            case .atRisk: TableCell(link.dataAtRiskSeconds.map(Format.seconds) ?? "?", link.dataAtRiskSeconds == nil ? .unknown : .normal)
            case .bytes: TableCell(link.dataAtRiskBytes.map(Format.bytes) ?? "?", link.dataAtRiskBytes == nil ? .unknown : .normal)
            case .rpo: TableCell(Format.seconds(link.rpoSeconds), .muted)
            case .vsRPO: TableCell(StateLabel.rpo(status), StateRole.rpo(status))
            case .budget(let width):
                TableCell(gauge: Gauge(fraction: ScreenRows.budget(link)), StateRole.rpo(status))
            case .history:
                TableCell(sparkline: Sparkline(values: context.snapshot?.linkHistory[link.id] ?? [],
                                               ceiling: link.rpoSeconds > 0 ? link.rpoSeconds : nil),
                          width: historyWidth, StateRole.rpo(status))
            }
        }
    }
}
