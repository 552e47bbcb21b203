import WarRoomModel
import WarRoomReports

/// The wall screen: one tile per site, the service × site matrix, the active
/// incident's RTO clock, the links closest to (or over) their RPO, and the
/// most severe alerts. Sections grow with the terminal.
struct OverviewScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        guard let snapshot = context.snapshot else { return }
        let tileHeight = rect.height >= 40 || (state.kiosk && rect.height >= 30) ? 7 : 5
        let (tiles, afterTiles) = rect.splitTop(tileHeight)
        drawSiteTiles(snapshot, into: &frame, rect: tiles)
        let (middle, lower) = afterTiles.splitTop(snapshot.services.count + 2)
        let incidentWidth = max(26, middle.width * 2 / 5)
        let (matrix, incident) = middle.splitLeft(middle.width - incidentWidth)
        drawServiceMatrix(snapshot, into: &frame, rect: matrix)
        drawIncident(snapshot, into: &frame, rect: incident)
        let (replication, alerts) = lower.splitTop(max(3, lower.height * 6 / 10))
        drawReplication(snapshot, into: &frame, rect: replication)
        drawAlerts(snapshot, into: &frame, rect: alerts)
    }

    private func drawSiteTiles(_ snapshot: CacheSnapshot, into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        guard !snapshot.sites.isEmpty else { return }
        guard SiteGrid.tilesFit(sites: snapshot.sites.count, width: rect.width) else {
            SiteGrid(context: context).draw(snapshot.sites, into: &frame, rect: rect)
            return
        }
        let width = rect.width / snapshot.sites.count
        for (index, site) in snapshot.sites.enumerated() {
            let tile = Rect(x: rect.x + index * width, y: rect.y,
                            width: index == snapshot.sites.count - 1 ? rect.width - index * width : width, height: rect.height)
            let health = context.siteHealth(site.id)
            frame.box(tile, title: "\(g.safe(site.name)) \(g.separator) \(site.role.rawValue)", glyphs: g,
                      role: health == .ok ? .border : StateRole.health(health))
            let inner = tile.inset
            var y = inner.y
            var x = frame.put(" \(StateLabel.health(health)) ", x: inner.x + 1, y: y, role: StateRole.health(health), bold: true)
            let latency = snapshot.latencyHistory[site.id]?.last ?? nil
            let latencyText = health == .stale ? "" : latency.map { "p99 \(Int($0.rounded())) ms" } ?? "no answer"
            x = frame.put(" " + latencyText, x: x, y: y, role: latency == nil ? .critical : .muted, maxWidth: inner.maxX - x)
            y += 1
            if inner.height >= 5 {
                frame.put(g.fit(g.safe(site.location), inner.width - 2), x: inner.x + 1, y: y, role: .muted)
                y += 1
            }
            let loadLabel = "load \(Format.fixed(site.loadPercent, 0))%/\(Format.fixed(site.capacityPercent, 0))%"
            let gauge = Gauge(fraction: site.capacityPercent > 0 ? site.loadPercent / site.capacityPercent : nil)
            let loadRole: StyleRole = site.loadPercent > site.capacityPercent * 0.8 ? .warning : .normal
            x = frame.put(loadLabel + " ", x: inner.x + 1, y: y, role: health == .critical ? .muted : loadRole)
            frame.put(gauge.render(width: inner.maxX - x - 1, glyphs: g), x: x, y: y, role: loadRole)
            y += 1
            if y < inner.maxY {
                let values = snapshot.latencyHistory[site.id] ?? []
                x = frame.put("p99 ", x: inner.x + 1, y: y, role: .muted)
                Sparkline(values: values, ceiling: 200).draw(into: &frame, x: x, y: y, width: inner.maxX - x - 1,
                                                             role: StateRole.health(health == .stale ? .stale : health == .ok ? .ok : health),
                                                             glyphs: g)
            }
        }
    }

    private func drawServiceMatrix(_ snapshot: CacheSnapshot, into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let siteWidth = max(5, min(10, (rect.width - 32) / max(1, snapshot.sites.count) - 1))
        // SERVICE at 12 columns at least, then T, RTO, RPO and their gaps.
        let fitting = max(1, (rect.width - 2 - 25) / (siteWidth + 1))
        // Sites beyond the width: the worst shown first, so what is broken is never off screen.
        var shown = snapshot.sites
        if shown.count > fitting {
            let ranks = snapshot.sites.map { context.siteHealth($0.id).severityRank }
            shown = snapshot.sites.indices.sorted { a, b in ranks[a] != ranks[b] ? ranks[a] > ranks[b] : a < b }
                .prefix(fitting).map { snapshot.sites[$0] }
        }
        let codes = SiteCodes.make(shown, width: siteWidth, glyphs: g)
        var title = "SERVICES"
        // The legend names the site codes of the columns: whole entries only, on the title's line or, when
        // that is too narrow, on a line of its own.
        var legendLine: String?
        if shown.count < snapshot.sites.count {
            title += " \(g.separator) \(shown.count) of \(snapshot.sites.count) sites, worst first"
            let entries = shown.map { "\(codes[$0.id] ?? "?") \(g.safe($0.name))" }
            let inline = title + " \(g.separator) " + entries.joined(separator: ", ")
            if TerminalText.displayWidth(inline) <= rect.width - 2 {
                title = inline
            } else if rect.height - 3 >= min(snapshot.services.count, 5) {
                legendLine = Self.wholeEntries(entries, width: rect.width - 2)
            } else {
                // No line to spare from the services: what fits of the legend after the title.
                let room = rect.width - 2 - TerminalText.displayWidth(title) - 3
                if room >= 8 { title += " \(g.separator) " + Self.wholeEntries(entries, width: room) }
            }
        }
        frame.put(g.fit(title, rect.width - 2), x: rect.x + 1, y: rect.y, role: .accent, bold: true)
        if let legendLine { frame.put(legendLine, x: rect.x + 1, y: rect.y + 1, role: .muted) }
        let tableTop = rect.y + (legendLine == nil ? 1 : 2)
        var columns = [TableColumn("SERVICE"), TableColumn("T", width: 1), TableColumn("RTO", width: 4, alignRight: true),
                       TableColumn("RPO", width: 4, alignRight: true)]
        columns += shown.map { TableColumn(codes[$0.id] ?? "?", width: siteWidth) }
        let rows = snapshot.services.map { service -> [TableCell] in
            [TableCell(g.safe(service.name)), TableCell("\(service.tier)", .muted),
             TableCell(Format.seconds(service.rtoSeconds), .muted), TableCell(Format.seconds(service.rpoSeconds), .muted)]
                + shown.map { site in
                    let health = context.serviceHealth(site: site.id, service: service.id)
                    return TableCell(StateLabel.health(health), StateRole.health(health))
                }
        }
        Table(columns: columns, rows: rows).draw(into: &frame, rect: Rect(x: rect.x + 1, y: tableTop, width: rect.width - 2,
                                                                            height: rect.maxY - tableTop),
                                                 glyphs: g)
    }

    /// As many whole entries as fit in `width`, joined by commas, then `+N` for the rest.
    static func wholeEntries(_ entries: [String], width: Int) -> String {
        var line = ""
        for (index, entry) in entries.enumerated() {
            let candidate = line.isEmpty ? entry : line + ", " + entry
            let rest = entries.count - index - 1
            let suffix = rest > 0 ? ", +\(rest)" : ""
            guard TerminalText.displayWidth(candidate + suffix) <= width else {
                return line.isEmpty ? "+\(entries.count)" : line + ", +\(entries.count - index)"
            }
            line = candidate
        }
        return line
    }

    static func shortName(_ name: String, fitting width: Int) -> String {
        if TerminalText.displayWidth(name) <= width { return name }
        let words = name.split(separator: " ")
        let short = words.count > 1 ? words.compactMap(\.first).map(String.init).joined() : String(name.prefix(3))
        return short.uppercased()
    }

    private func drawIncident(_ snapshot: CacheSnapshot, into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        guard let incident = snapshot.openIncidents.first else {
            frame.box(rect, title: "Incident", glyphs: g)
            frame.put("no open incident", x: rect.x + 2, y: rect.y + 2, role: context.isStale ? .muted : .ok, bold: true)
            // A failover that could not go ahead now is worth knowing before it is needed.
            let unready = context.isStale ? [] : context.readiness.filter { !$0.isReady }
            if let first = unready.first, rect.height > 4 {
                let route = "\(context.siteName(first.failover.fromSiteID)) \(g.arrow) \(context.siteName(first.failover.toSiteID))"
                let more = unready.count > 1 ? " (+\(unready.count - 1) more)" : ""
                let text = "failover \(route) NOT READY\(more): \(g.safe(first.failures.first ?? ""))"
                frame.putWrapped(text, x: rect.x + 2, y: rect.y + 3, width: rect.width - 4, maxY: rect.maxY - 1, role: .warning,
                                 boldFirst: true)
            }
            return
        }
        let rto = RTOClockView(incident: incident, context: context)
        frame.box(rect, title: "\(g.safe(incident.id)) \(incident.severity.rawValue.uppercased()) \(incident.status.rawValue)",
                  glyphs: g, role: .critical, titleRole: .critical)
        let inner = rect.inset
        let width = inner.width - 2
        frame.put(g.fit(g.safe(incident.title), width), x: inner.x + 1, y: inner.y, role: .header, bold: true)
        frame.put(rto.gauge(width: width), x: inner.x + 1, y: inner.y + 1, role: rto.role)
        frame.put(g.fit(width >= 50 ? rto.summary : rto.shortSummary, width), x: inner.x + 1, y: inner.y + 2,
                  role: rto.role, bold: true)
        let awaiting = snapshot.steps.filter { $0.state == .awaitingApproval }.count
        if inner.height > 3 {
            let text = awaiting > 0 ? "\(awaiting) steps await approval (5)" : "no step awaits approval"
            frame.put(g.fit(text, width), x: inner.x + 1, y: inner.y + 3, role: awaiting > 0 ? .warning : .muted, bold: true)
        }
        if inner.height > 4 {
            let commander = incident.commander.map { "commander: \(g.safe($0))" } ?? "commander: UNASSIGNED"
            frame.put(g.fit(commander, width), x: inner.x + 1, y: inner.y + 4, role: incident.commander == nil ? .warning : .normal)
        }
    }

    private func drawReplication(_ snapshot: CacheSnapshot, into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let links = ScreenRows.links(context, order: .rpoStatus, filter: "")
        let breaching = links.overRPO
        var title = "REPLICATION \(g.separator) worst first"
        if breaching > 0 { title += " \(g.separator) \(breaching) of \(links.count) over RPO" }
        frame.put(title, x: rect.x + 1, y: rect.y, role: breaching > 0 ? .critical : .accent, bold: true)
        let body = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 1)
        LinkTable(context: context, columns: [.dataType, .target, .state, .atRisk, .rpo, .vsRPO, .budget(width: 12), .history])
            .table(links, selected: nil, width: body.width).draw(into: &frame, rect: body, glyphs: g)
    }

    private func drawAlerts(_ snapshot: CacheSnapshot, into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let firing = snapshot.firingCounts.values.reduce(0, +)
        let critical = snapshot.firingCounts[.critical] ?? 0
        let title = firing == 0 ? "ALERTS \(g.separator) none firing"
            : "ALERTS \(g.separator) \(firing) firing: \(critical) critical, \(snapshot.firingCounts[.warning] ?? 0) warning (3)"
        frame.put(title, x: rect.x + 1, y: rect.y, role: critical > 0 ? .critical : firing > 0 ? .warning : .accent, bold: true)
        for (index, alert) in snapshot.topAlerts.prefix(max(0, rect.height - 1)).enumerated() {
            let y = rect.y + 1 + index
            var x = frame.put(g.fit(StateLabel.severity(alert.severity), 5), x: rect.x + 1, y: y,
                              role: StateRole.severity(alert.severity), bold: true)
            x = frame.put(g.fit(alert.siteID.map(context.siteName) ?? "global", 11), x: x, y: y, role: .muted)
            x = frame.put(g.fit(g.safe(alert.name), 23), x: x, y: y)
            frame.put(g.fit(g.safe(alert.summary), rect.maxX - x - 1), x: x, y: y, role: .muted)
        }
    }
}

extension ScreenID {
    public static let overview = ScreenID("overview")
}

extension OverviewScreen: ConsoleScreen {
    static let id = ScreenID.overview
    static let title = "Overview"
    static let shortTitle = "Over"
    static let summary = "sites, services, replication, alerts, RTO"

    /// The site tiles' latency (none when the sites do not fit as tiles) and the worst links' lag.
    static func sparklineNeeds(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds {
        guard let snapshot = context.snapshot else { return SparklineNeeds() }
        let worst = ScreenRows.links(context, order: .rpoStatus, filter: "").prefix(max(0, height))
        let tiled = SiteGrid.tilesFit(sites: snapshot.sites.count, width: width) ? snapshot.sites.map(\.id) : []
        return SparklineNeeds(links: Set(worst.map(\.id)), sites: Set(tiled), samples: max(60, width))
    }
}
