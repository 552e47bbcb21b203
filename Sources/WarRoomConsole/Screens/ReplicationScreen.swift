import WarRoomModel

/// Every replication link: the data at risk in time and bytes against its RPO,
/// the budget used, and the recent history; the source's silence (the unknown
/// window) beside it, never added into it. Unknown shows as `?`, never as zero.
struct ReplicationScreen {
    var context: ConsoleContext
    var state: UIState

    /// The link table's columns on a screen `width` wide.
    static func columns(width: Int) -> [LinkTable.Column] {
        width >= 120
            ? [.dataType, .target, .source, .mode, .state, .atRisk, .bytes, .rpo, .vsRPO, .budget(width: 20), .history]
            : [.dataType, .target, .state, .atRisk, .rpo, .vsRPO, .budget(width: 12), .history]
    }

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let links = ScreenRows.links(context, order: state.linkOrder, filter: state.filterText(on: .replication))
        let selected = links.isEmpty ? nil : min(state.selected(on: .replication), links.count - 1)
        let over = links.overRPO
        var summary = "\(links.count) links \(g.separator) \(over) over RPO \(g.separator) sorted by \(state.linkOrder.rawValue) (s changes)"
        if let filter = state.filter[.replication] { summary += " \(g.separator) filter: \(g.safe(filter))" }
        frame.put(g.fit(summary, rect.width - 2), x: rect.x + 1, y: rect.y, role: over > 0 ? .critical : .accent, bold: true)
        // A probe's own words on the link take more lines, wrapped so they are read whole (the simulator gives none).
        let probeSays = links.contains { $0.detail != nil }
        let probeLines = probeSays ? Self.probeLines(selected.map { links[$0] }, width: rect.width - 2, glyphs: g) : []
        // As many lines as the longest words need, so the table does not jump as the selection moves.
        let probeHeight = probeSays ? Self.probeHeight(links, width: rect.width - 2, glyphs: g) : 0
        let (tableRect, detailRect) = rect.splitTop(1).rest.splitTop(rect.height - 4 - probeHeight)
        LinkTable(context: context, columns: Self.columns(width: rect.width)).table(links, selected: selected, width: tableRect.width)
            .draw(into: &frame, rect: tableRect, glyphs: g)
        if links.isEmpty {
            frame.put(state.filter[.replication] == nil ? "no replication links" : "no link matches the filter",
                      x: rect.x + 2, y: rect.y + 3, role: .muted)
        }
        guard let selected else { return }
        let link = links[selected]
        frame.fill(Rect(x: detailRect.x, y: detailRect.y, width: detailRect.width, height: 1), with: g.horizontal, role: .border)
        var facts = "\(g.safe(link.dataType)) \(context.siteName(link.sourceSiteID)) \(g.arrow) \(context.siteName(link.targetSiteID))"
        facts += " \(g.separator) \(link.mode.rawValue) \(g.separator) at risk \(link.dataAtRiskSeconds.map(Format.seconds) ?? "unknown")"
        facts += " (\(link.dataAtRiskBytes.map(Format.bytes) ?? "bytes unknown")) against an RPO of \(Format.seconds(link.rpoSeconds))"
        frame.put(g.fit(facts, detailRect.width - 2), x: detailRect.x + 1, y: detailRect.y + 1)
        let measured = link.observedAt.map { "measured \(context.age($0))" } ?? "never measured"
        let silence = RecoveryObjectives.silenceText(of: link, sourceName: context.siteName(link.sourceSiteID),
                                                     agentNow: context.agentNow)
        let meaning = silence ?? link.dataAtRiskSeconds.map {
            "failing over now would lose about \(Format.seconds($0)) of \(g.safe(link.dataType)) writes"
        } ?? "how much would be lost is unknown"
        frame.put(g.fit("\(measured) \(g.separator) \(meaning)", detailRect.width - 2), x: detailRect.x + 1,
                  y: detailRect.y + 2, role: silence == nil ? .muted : .warning)
        for (index, line) in probeLines.prefix(probeHeight).enumerated() {
            frame.put(line, x: detailRect.x + 1, y: detailRect.y + 3 + index, role: link.state == .streaming ? .muted : .warning)
        }
    }

    /// At most this many lines of the probe's words; a longer reason ends in an ellipsis.
    static let probeLineLimit = 3

    /// Lines the longest probe words need (1 to ``probeLineLimit``); words
    /// shorter in bytes than the line are one line without measuring them.
    static func probeHeight(_ links: LinkRows, width: Int, glyphs g: Glyphs) -> Int {
        var height = 1
        for link in links where ("probe: ".utf8.count + (link.detail?.utf8.count ?? 0)) > width {
            height = max(height, probeLines(link, width: width, glyphs: g).count)
            if height == probeLineLimit { break }
        }
        return height
    }

    /// The selected link's probe words, wrapped to `width`.
    static func probeLines(_ link: ReplicationLink?, width: Int, glyphs g: Glyphs) -> [String] {
        let words = "probe: \(link?.detail.map(g.safe) ?? "no word yet")"
        let lines = WrappedText.lines(words, width: width)
        guard lines.count > probeLineLimit else { return lines }
        let kept = Array(lines.prefix(probeLineLimit - 1))
        return kept + [g.fit(lines[(probeLineLimit - 1)...].joined(separator: " "), width)]
    }
}

extension ScreenID {
    public static let replication = ScreenID("replication")
}

extension ReplicationScreen: ConsoleScreen {
    static let id = ScreenID.replication
    static let title = "Replication"
    static let shortTitle = "Repl"
    static let summary = "every link, lag against RPO"
    static let keys = [
        KeyBinding.filter,
        KeyBinding([.character("s")], .cycleLinkOrder, "sort by RPO status, data at risk or site", hint: "sort"),
    ]

    /// The rows its table may show, and half a screenful more either side, so scrolling finds them read.
    static func sparklineNeeds(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds {
        let links = ScreenRows.links(context, order: state.linkOrder, filter: state.filterText(on: .replication))
        guard !links.isEmpty else { return SparklineNeeds() }
        let cursor = min(state.selected(on: .replication), links.count - 1)
        let window = ListWindow.around(cursor, height: height, slack: height / 2)
        return SparklineNeeds(links: Set(links[window.offset..<min(links.count, window.offset + window.limit)].map(\.id)),
                              samples: LinkTable.historyWidth(columns(width: width), width: width))
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        ScreenRows.links(context, order: state.linkOrder, filter: state.filterText(on: .replication)).count
    }
}
