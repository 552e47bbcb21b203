import WarRoomModel
import WarRoomReports

/// The DR test history: compliance over the drills on record, the trend of
/// failover time, one row per drill, and the selected drill's steps and
/// approval waits.
struct DrillsScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let drills = context.snapshot?.drills ?? []  // not read yet: the next refresh reads them
        let running = context.snapshot?.runningDrills ?? []
        var y = rect.y
        for drill in running {
            let text = "\(drill.id) running: \(g.safe(drill.scenario)) since \(context.clock.dateTime(drill.startedAt))"
            frame.put(g.fit(text, rect.width - 2), x: rect.x + 1, y: y, role: .warning, bold: true)
            y += 1
        }
        if let unreadable = context.snapshot?.unreadableDrills, unreadable > 0 {
            let text = "\(unreadable) drill result\(unreadable == 1 ? "" : "s") cannot be read: `warroom drill report` names them"
            frame.put(g.fit(text, rect.width - 2), x: rect.x + 1, y: y, role: .critical, bold: true)
            y += 1
        }
        guard !drills.isEmpty else {
            frame.put("no drill on record: run `warroom drill site-failure --demo`", x: rect.x + 2, y: y + 1, role: .muted)
            return
        }
        let summary = DrillSummary(results: drills, since: nil)
        let rate = { (value: Double?) in value.map(Format.percent) ?? "n/a" }
        let line = "\(summary.drills) drill\(summary.drills == 1 ? "" : "s") \(g.separator) \(summary.succeeded) passed (\(rate(summary.successRate)))"
            + " \(g.separator) mean recovery \(summary.meanRecoverySeconds.map { Format.seconds($0.rounded()) } ?? "n/a")"
            + " \(g.separator) RTO \(rate(summary.rtoComplianceRate)) \(g.separator) RPO \(rate(summary.rpoComplianceRate))"
        frame.put(g.fit(line, rect.width - 2), x: rect.x + 1, y: y,
                  role: summary.succeeded == summary.drills ? .ok : .warning, bold: true)
        // Oldest to newest, left to right, as every other trend on the console.
        let trend = Sparkline(values: drills.reversed().map(\.failoverSeconds))
        let label = "failover time "
        var x = frame.put(label, x: rect.x + 1, y: y + 1, role: .muted)
        x = frame.put(trend.render(width: min(drills.count, max(0, rect.width - label.count - 24)), glyphs: g), x: x, y: y + 1,
                      role: .accent)
        let last = drills.first?.failoverSeconds.map { "  last \(Format.seconds($0.rounded()))" } ?? "  last: not finished"
        frame.put(last, x: x, y: y + 1, role: .muted)
        let selected = min(state.selected(on: .drills), drills.count - 1)
        let details = Self.detailLines(drills[selected], width: rect.width - 3, glyphs: g)
        // The selected drill's box takes what it needs, leaving the table at least three rows.
        let available = rect.maxY - (y + 2)
        let detailHeight = max(0, min(details.count + 2, available - 3))
        let tableRect = Rect(x: rect.x, y: y + 2, width: rect.width, height: max(1, available - detailHeight))
        // A narrow terminal keeps every column: the start to the minute, without the zone.
        let startedWidth = rect.width >= 100 ? 23 : 16
        let columns = [TableColumn("DRILL", width: 10), TableColumn("STARTED", width: startedWidth), TableColumn("SCENARIO", width: rect.width >= 100 ? 17 : 12),
                       TableColumn("RESULT", width: 6), TableColumn("FAILOVER", width: 12, alignRight: true),
                       TableColumn("RTO", width: 5, alignRight: true), TableColumn("RPO", width: 5, alignRight: true),
                       TableColumn("TARGET")]
        let rows = drills.map { drill -> [TableCell] in
            [TableCell(drill.id, .accent), TableCell(String(context.clock.dateTime(drill.startedAt).prefix(startedWidth)), .muted),
             TableCell(drill.scenario.rawValue + (drill.dryRun ? " (dry)" : "")),
             TableCell(drill.succeeded ? "passed" : "FAILED", drill.succeeded ? .ok : .critical),
             TableCell(drill.failoverSeconds.map { Format.seconds($0.rounded()) } ?? "not finished",
                       drill.failoverSeconds == nil ? .critical : .normal),
             TableCell("\(drill.rtoMet)/\(drill.services.count)", drill.rtoMet == drill.services.count ? .ok : .critical),
             TableCell("\(drill.rpoMet)/\(drill.dataTypes.count)", drill.rpoMet == drill.dataTypes.count ? .ok : .critical),
             TableCell(g.safe(drill.target), .muted)]
        }
        Table(columns: columns, rows: rows, selected: selected).draw(into: &frame, rect: tableRect, glyphs: g)
        let detail = Rect(x: rect.x, y: tableRect.maxY, width: rect.width, height: rect.maxY - tableRect.maxY)
        guard detail.height >= 3 else { return }
        frame.box(detail, title: "\(drills[selected].id): steps and approvals", glyphs: g)
        let inner = detail.inset
        for (index, text) in details.prefix(inner.height).enumerated() {
            frame.put(g.fit(text, inner.width - 1), x: inner.x + 1, y: inner.y + index)
        }
    }

    /// The selected drill's failures first, then each step with its time, then
    /// each approval's wait, packed into lines `width` wide.
    static func detailLines(_ drill: DrillResult, width: Int, glyphs g: Glyphs) -> [String] {
        var lines: [String] = []
        for service in drill.services where !service.metRTO {
            lines.append("RTO missed: \(g.safe(service.serviceName)) "
                         + (service.recoverySeconds.map { "took \(Format.seconds($0.rounded()))" } ?? "never restored")
                         + " (RTO \(Format.seconds(service.rtoSeconds)))")
        }
        for point in drill.dataTypes where !point.metRPO {
            lines.append("RPO missed: \(g.safe(point.dataType)) "
                         + (point.dataAtRiskSeconds.map { "\(Format.seconds($0)) at risk" } ?? "data at risk unknown")
                         + " (RPO \(Format.seconds(point.rpoSeconds)))")
        }
        let steps = drill.steps.map { step in
            "\(step.number) \(step.state.rawValue)\(step.dryRun ? " (dry run)" : "")"
                + (step.durationSeconds.map { " \(Format.seconds($0.rounded()))" } ?? "")
        }
        lines += pack("steps:", steps, width: width, separator: " \(g.separator) ")
        let waits = drill.approvals.map { approval in
            "step \(approval.stepNumber) \(g.safe(approval.operatorName)) \(approval.decision.rawValue)"
                + (approval.waitedSeconds.map { " after \(Format.seconds($0.rounded()))" } ?? "")
        }
        lines += pack("approvals:", waits.isEmpty ? ["none"] : waits, width: width, separator: " \(g.separator) ")
        return lines
    }

    /// `items` after `label`, as many to a line as fit, never cut mid-item when a line can hold it.
    static func pack(_ label: String, _ items: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = []
        var line = label
        for item in items {
            let joined = line == label ? "\(line) \(item)" : line + separator + item
            if TerminalText.displayWidth(joined) > width, line != label {
                lines.append(line)
                line = "  " + item
            } else {
                line = joined
            }
        }
        return lines + [line]
    }
}

extension ScreenID {
    public static let drills = ScreenID("drills")
}

extension DrillsScreen: ConsoleScreen {
    static let id = ScreenID.drills
    static let title = "Drills"
    static let summary = "test history, failover time trend, compliance"

    static func listNeeds(_ state: UIState, height: Int) -> ListNeeds {
        ListNeeds(drills: ListNeeds.drillHistory)
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        context.snapshot?.drills?.count ?? 0
    }
}
