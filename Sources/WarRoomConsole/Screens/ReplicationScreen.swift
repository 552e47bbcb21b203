import WarRoomModel

/// Every replication link: lag in time and bytes against its RPO, the budget
/// used, and the recent history. Unknown lag shows as `?`, never as zero.
struct ReplicationScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let links = ScreenLists.links(context, order: state.linkOrder, filter: state.filterText(on: .replication))
        let selected = links.isEmpty ? nil : min(state.selected(on: .replication), links.count - 1)
        let over = links.filter { context.rpoStatus($0) == .breach }.count
        var summary = "\(links.count) links \(g.separator) \(over) over RPO \(g.separator) sorted by \(state.linkOrder.rawValue) (s changes)"
        if let filter = state.filter[.replication] { summary += " \(g.separator) filter: \(g.safe(filter))" }
        frame.put(g.fit(summary, rect.width - 2), x: rect.x + 1, y: rect.y, role: over > 0 ? .critical : .accent, bold: true)
        let (tableRect, detailRect) = rect.splitTop(1).rest.splitTop(rect.height - 4)
        let wide = rect.width >= 120
        var columns = [TableColumn("DATA TYPE", width: 15), TableColumn("TO", width: 10)]
        if wide { columns += [TableColumn("FROM", width: 10), TableColumn("MODE", width: 5)] }
        columns += [TableColumn("STATE", width: 7), TableColumn("LAG", width: 8, alignRight: true)]
        if wide { columns.append(TableColumn("BYTES", width: 10, alignRight: true)) }
        columns += [TableColumn("RPO", width: 5, alignRight: true), TableColumn("VS RPO", width: 6),
                    TableColumn("BUDGET", width: wide ? 20 : 12), TableColumn("HISTORY")]
        let history = max(4, rect.width - columns.compactMap(\.width).reduce(0, +) - columns.count)
        let rows = links.map { link -> [TableCell] in
            let status = context.rpoStatus(link)
            var cells = [TableCell(g.safe(link.dataType)), TableCell(context.siteName(link.targetSiteID))]
            if wide { cells += [TableCell(context.siteName(link.sourceSiteID)), TableCell(link.mode.rawValue, .muted)] }
            cells += [TableCell(context.isStale ? "STALE" : StateLabel.link(link.state),
                                context.isStale ? .stale : StateRole.link(link.state)),
                      TableCell(link.lagSeconds.map(Format.seconds) ?? "?", link.lagSeconds == nil ? .unknown : .normal)]
            if wide { cells.append(TableCell(link.lagBytes.map(Format.bytes) ?? "?", link.lagBytes == nil ? .unknown : .normal)) }
            cells += [TableCell(Format.seconds(link.rpoSeconds), .muted),
                      TableCell(StateLabel.rpo(status), StateRole.rpo(status)),
                      TableCell(Gauge(fraction: ScreenLists.budget(link)).render(width: wide ? 20 : 12, glyphs: g),
                                StateRole.rpo(status)),
                      TableCell(Sparkline(values: (context.snapshot?.lagHistory[link.id] ?? []).map(\.lagSeconds),
                                          ceiling: link.rpoSeconds > 0 ? link.rpoSeconds : nil)
                                    .render(width: history, glyphs: g), StateRole.rpo(status))]
            return cells
        }
        Table(columns: columns, rows: rows, selected: selected).draw(into: &frame, rect: tableRect, glyphs: g)
        if links.isEmpty {
            frame.put(state.filter[.replication] == nil ? "no replication links" : "no link matches the filter",
                      x: rect.x + 2, y: rect.y + 3, role: .muted)
        }
        guard let selected else { return }
        let link = links[selected]
        frame.fill(Rect(x: detailRect.x, y: detailRect.y, width: detailRect.width, height: 1), with: g.horizontal, role: .border)
        var facts = "\(g.safe(link.dataType)) \(context.siteName(link.sourceSiteID)) \(g.arrow) \(context.siteName(link.targetSiteID))"
        facts += " \(g.separator) \(link.mode.rawValue) \(g.separator) lag \(link.lagSeconds.map(Format.seconds) ?? "unknown")"
        facts += " (\(link.lagBytes.map(Format.bytes) ?? "bytes unknown")) against an RPO of \(Format.seconds(link.rpoSeconds))"
        frame.put(g.fit(facts, detailRect.width - 2), x: detailRect.x + 1, y: detailRect.y + 1)
        let measured = link.observedAt.map { "measured \(context.age($0))" } ?? "never measured"
        let meaning = link.lagSeconds.map { "failing over now would lose about \(Format.seconds($0)) of \(g.safe(link.dataType)) writes" }
            ?? "how much would be lost is unknown"
        frame.put(g.fit("\(measured) \(g.separator) \(meaning)", detailRect.width - 2), x: detailRect.x + 1,
                  y: detailRect.y + 2, role: .muted)
    }
}
