import WarRoomModel
import WarRoomReports

/// The alert queue over every alert: firing first, then acknowledged,
/// silenced and inhibited, then resolved; most severe and newest first within
/// each; with a detail pane of the selected alert's labels and annotations.
/// The cache pages and filters it; the screen draws the window it was given.
struct AlertsScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let alerts = ScreenRows.alerts(context)
        let selected = alerts.total == 0 ? nil : min(state.selected(on: .alerts), alerts.total - 1)
        // A source that stopped answering heads the queue: what it shows may be out of date.
        let silentSources = context.snapshot?.sources.filter { !$0.ok } ?? []
        for (index, source) in silentSources.prefix(2).enumerated() {
            let text = "\(SourceText.name(source.name)) does not answer since \(context.clock.dateTime(source.since)) (\(g.safe(source.detail))): this queue may be out of date"
            frame.put(g.fit(text, rect.width - 2), x: rect.x + 1, y: rect.y + index, role: .critical, bold: true)
        }
        // What the queue counts, and how much of it is on show.
        let counts = context.snapshot?.alertCounts ?? [:]
        var summary = AlertState.allCases.compactMap { state -> String? in
            guard let count = counts[state], count > 0 else { return nil }
            return "\(Format.count(count)) \(state.rawValue)"
        }.joined(separator: " \(g.separator) ")
        if summary.isEmpty { summary = "no alerts" }
        let all = counts.values.reduce(0, +)
        // What is on show first: with a filter, how much of the whole it matches.
        if let filter = state.filter[.alerts] {
            summary = "showing \(Format.count(alerts.total)) of \(Format.count(all)) (filter: \(g.safe(filter))) \(g.separator) " + summary
        } else {
            summary = "\(Format.count(all)) alerts \(g.separator) " + summary
        }
        let summaryY = rect.y + min(2, silentSources.count)
        frame.put(g.fit(summary, rect.width - 2), x: rect.x + 1, y: summaryY, role: .accent, bold: true)
        let body = rect.splitTop(min(2, silentSources.count) + 1).rest
        let detailHeight = state.showAlertDetail && selected != nil ? min(10, body.height / 3 + 1) : 0
        let (tableRect, detailRect) = body.splitTop(body.height - detailHeight)
        let wide = rect.width >= 120
        var columns = [TableColumn("SEV", width: 4), TableColumn("STATE", width: 6), TableColumn("SITE", width: 10)]
        if wide { columns.append(TableColumn("SERVICE", width: 12)) }
        columns += [TableColumn("AGE", width: 7, alignRight: true), TableColumn("ALERT", width: wide ? 24 : 21),
                    TableColumn("SUMMARY")]
        let context = self.context
        let table = Table(columns: columns, rowCount: alerts.total, selected: selected) { index -> [TableCell] in
            // The runtime reads the window around the cursor before it draws; a row outside it is never shown.
            guard let alert = alerts[index] else { return [TableCell("…", .muted)] }
            var cells = [TableCell(StateLabel.severity(alert.severity), StateRole.severity(alert.severity)),
                         TableCell(StateLabel.alert(alert.state),
                                   alert.state == .firing ? StateRole.severity(alert.severity) : .muted),
                         TableCell(alert.siteID.map(context.siteName) ?? "global")]
            if wide { cells.append(TableCell(g.safe(alert.serviceID ?? "-"), .muted)) }
            cells += [TableCell(Format.age(max(0, context.agentNow.seconds(since: alert.startsAt))), .muted),
                      TableCell(g.safe(alert.name)), TableCell(g.safe(alert.summary))]
            return cells
        }
        table.draw(into: &frame, rect: tableRect, glyphs: g)
        if alerts.total == 0 {
            let calm = state.filter[.alerts] == nil && !context.isStale && silentSources.isEmpty
            frame.put(state.filter[.alerts] == nil ? "no alerts firing" : "no alert matches the filter",
                      x: tableRect.x + 2, y: tableRect.y + 2, role: calm ? .ok : .muted)
        }
        guard let selected, detailHeight > 0, let alert = alerts[selected] else { return }
        frame.box(detailRect, title: g.safe(alert.name), glyphs: g)
        let inner = detailRect.inset
        var lines: [(String, StyleRole)] = [
            ("\(StateLabel.severity(alert.severity)) \(alert.state.rawValue) since \(context.clock.dateTime(alert.startsAt)) \(g.separator) site \(alert.siteID.map(context.siteName) ?? "global") \(g.separator) service \(g.safe(alert.serviceID ?? "-")) \(g.separator) fingerprint \(g.safe(alert.fingerprint))", .normal),
        ]
        for (key, value) in alert.annotations.sorted(by: { $0.key < $1.key }) {
            lines.append(("\(g.safe(key)): \(g.safe(value))", key == "summary" ? .normal : .muted))
        }
        let labels = alert.labels.sorted { $0.key < $1.key }.map { "\(g.safe($0.key))=\(g.safe($0.value))" }
        lines.append(("labels: " + labels.joined(separator: " "), .accent))
        for (index, line) in lines.prefix(inner.height).enumerated() {
            frame.put(g.fit(line.0, inner.width - 1), x: inner.x + 1, y: inner.y + index, role: line.1)
        }
    }
}

extension ScreenID {
    public static let alerts = ScreenID("alerts")
}

extension AlertsScreen: ConsoleScreen {
    static let id = ScreenID.alerts
    static let title = "Alerts"
    static let summary = "the queue, with details"
    static let keys = [
        KeyBinding.filter,
        KeyBinding([.enter], .toggleAlertDetail, "show or hide alert details", hint: "details"),
        KeyBinding([.character("A")], .acknowledgeAlert, "acknowledge the selected alert", changesData: true, hint: "ack"),
        KeyBinding([.character("S")], .silenceAlert, "silence the selected alert in Alertmanager (for how long, why)",
                   changesData: true, hint: "silence"),
        KeyBinding([.character("U")], .expireSilence, "expire the selected alert's Alertmanager silence", changesData: true),
    ]

    static func tabBadge(_ context: ConsoleContext) -> (text: String, role: StyleRole)? {
        guard let count = context.snapshot?.firingCounts.values.reduce(0, +), count > 0 else { return nil }
        return ("(\(count))", .critical)
    }

    static func listNeeds(_ state: UIState, height: Int) -> ListNeeds {
        ListNeeds(alerts: .around(state.selected(on: .alerts), height: height, slack: height / 2,
                                  filter: state.filterText(on: .alerts)))
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        ScreenRows.alerts(context).total
    }
}
