import WarRoomModel

/// The open incident — or, with none open, the one resolved last: who leads
/// it, the RTO clock (how long it lasted, once resolved), and its timeline.
struct IncidentScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        guard let incident = context.snapshot?.shownIncident else {
            frame.put("no open incident", x: rect.x + 2, y: rect.y + 1, role: context.isStale ? .muted : .ok, bold: true)
            return
        }
        let rto = RTOClockView(incident: incident, context: context)
        var x = frame.put(g.safe(incident.id), x: rect.x + 1, y: rect.y, role: .accent, bold: true)
        x = frame.put(" \(incident.severity.rawValue.uppercased()) ", x: x + 1, y: rect.y,
                      role: incident.severity == .sev1 ? .critical : .warning, bold: true)
        x = frame.put(incident.status.rawValue.uppercased(), x: x + 1, y: rect.y, role: incident.status.isOpen ? .warning : .ok,
                      bold: true)
        frame.put(g.safe(incident.title), x: x + 2, y: rect.y, role: .header, bold: true, maxWidth: rect.maxX - x - 3)
        let commander = incident.commander.map(g.safe) ?? "UNASSIGNED"
        let opened = rect.width >= 120 ? context.clock.dateTime(incident.openedAt) : context.clock.time(incident.openedAt)
        var facts = "commander: \(commander)"
        // Mirrored from the cluster's decider: every change to it is made there (said early: narrow screens cut the rest).
        if let keptAt = incident.keptAt { facts += " \(g.separator) kept by the decider at \(g.safe(keptAt))" }
        facts += " \(g.separator) opened \(opened) (\(context.age(incident.openedAt)))"
        facts += " \(g.separator) impact since \(context.clock.time(incident.impactStartedAt))"
        x = frame.put("commander: ", x: rect.x + 1, y: rect.y + 1, role: .muted)
        frame.put(g.fit(String(facts.dropFirst("commander: ".count)), rect.width - 13), x: x, y: rect.y + 1,
                  role: incident.commander == nil ? .warning : .normal)
        if let resolvedAt = incident.resolvedAt, !incident.status.isOpen {
            // A resolved incident's clock has stopped: say how long it lasted, and how to reopen it.
            let lasted = Format.seconds(max(0, resolvedAt.seconds(since: incident.impactStartedAt)).rounded())
            var line = "resolved at \(context.clock.dateTime(resolvedAt)) after \(lasted)"
            let services = context.snapshot?.shownServiceRecoveries ?? []
            let points = context.snapshot?.shownRecoveryPoints ?? []
            let met = services.allSatisfy(\.metRTO) && points.allSatisfy(\.metRPO)
            if !services.isEmpty { line += " \(g.separator) RTO met \(services.filter(\.metRTO).count)/\(services.count)" }
            if !points.isEmpty { line += " \(g.separator) RPO met \(points.filter(\.metRPO).count)/\(points.count)" }
            line += " \(g.separator) no incident open" + (state.readOnly ? "" : " \(g.separator) O reopens it")
            frame.put(g.fit(line, rect.width - 2), x: rect.x + 1, y: rect.y + 2, role: met ? .ok : .warning, bold: true)
        } else {
            let gaugeWidth = min(30, rect.width / 4)
            frame.put(rto.gauge(width: gaugeWidth), x: rect.x + 1, y: rect.y + 2, role: rto.role)
            frame.put(g.fit(rto.summary, rect.width - gaugeWidth - 3), x: rect.x + gaugeWidth + 2, y: rect.y + 2,
                      role: rto.role, bold: true)
        }
        let order = state.timelineNewestFirst ? "newest first" : "oldest first"
        let events = ScreenRows.timeline(context)
        var title = "TIMELINE (\(order), o to flip) \(g.separator) \(Format.count(events.total)) events"
        if let filter = state.filter[.incident] { title += " (filter: \(g.safe(filter)))" }
        frame.put(g.fit(title, rect.width - 2), x: rect.x + 1, y: rect.y + 3, role: .muted)
        let selected = events.total == 0 ? nil : min(state.selected(on: .incident), events.total - 1)
        let timeWidth = rect.width >= 120 ? 23 : 12
        let columns = [TableColumn("TIME", width: timeWidth), TableColumn("KIND", width: 10),
                       TableColumn("ACTOR", width: 10), TableColumn("WHAT HAPPENED")]
        let (clock, wide) = (context.clock, rect.width >= 120)
        let table = Table(columns: columns, rowCount: events.total, selected: selected) { index -> [TableCell] in
            // The runtime reads the window around the cursor before it draws; a row outside it is never shown.
            guard let event = events[index] else { return [TableCell("…", .muted)] }
            let time = wide ? clock.dateTime(event.at) : clock.time(event.at)
            let role: StyleRole = switch event.kind {
            case .escalation, .alert: .warning
            case .detection, .incident: .critical
            case .approval, .plan, .automation: .accent
            default: .normal
            }
            return [TableCell(time, .muted), TableCell(event.kind.rawValue, role), TableCell(g.safe(event.actor)),
                    TableCell(g.safe(event.text))]
        }
        let tableRect = Rect(x: rect.x, y: rect.y + 4, width: rect.width, height: rect.height - 4)
        table.draw(into: &frame, rect: tableRect, glyphs: g)
        if events.total == 0, state.filter[.incident] != nil {
            frame.put("no event matches the filter", x: rect.x + 2, y: tableRect.y + 2, role: .muted)
        }
    }
}

extension ScreenID {
    public static let incident = ScreenID("incident")
}

extension IncidentScreen: ConsoleScreen {
    static let id = ScreenID.incident
    static let title = "Incident"
    static let shortTitle = "Inc"
    static let summary = "the timeline and RTO clock"
    static let keys = [
        KeyBinding.filter,
        KeyBinding([.character("o")], .toggleTimelineOrder, "oldest or newest first", hint: "order"),
        KeyBinding([.character("n")], .addNote, "add a note to the incident's timeline", changesData: true, hint: "note"),
        KeyBinding([.character("c")], .takeCommand, "take command of the incident", changesData: true, hint: "command"),
        KeyBinding([.character(">")], .advanceIncident, "move the incident on (identified, mitigating, monitoring, resolved)",
                   changesData: true, hint: "status"),
        KeyBinding([.character("H")], .handOverCommand, "hand command of the incident to another operator (asks whom)",
                   changesData: true, hint: "hand over"),
        KeyBinding([.character("+")], .raiseSeverity, "raise the incident's severity (SEV4 → SEV1)", changesData: true,
                   hint: "sev"),
        KeyBinding([.character("-")], .lowerSeverity, "lower the incident's severity", changesData: true),
        KeyBinding([.character("O")], .reopenIncident, "reopen the resolved incident on show", changesData: true),
        KeyBinding([.character("<")], .stepBackIncident, "move the incident's status back one", changesData: true),
    ]

    static func listNeeds(_ state: UIState, height: Int) -> ListNeeds {
        ListNeeds(timeline: .around(state.selected(on: .incident), height: height, slack: height / 2,
                                    filter: state.filterText(on: .incident), newestFirst: state.timelineNewestFirst))
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        ScreenRows.timeline(context).total
    }
}
