import WarRoomModel
import WarRoomReports

/// The cluster as this console's agent read it: whether its reads have
/// quorum (a red NO QUORUM banner when not: the views are frozen), who
/// decides, and a site × observer matrix — each cell the observer's view,
/// its rounds and how long ago its round moved, or `silent` — with each
/// site's verdict and its reason.
struct ObserversScreen {
    var context: ConsoleContext
    var state: UIState

    /// Columns of one observer's cell.
    static let cellWidth = 12

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        guard let cluster = context.snapshot?.cluster else {
            frame.put(g.fit("this agent works alone: its configuration has no cluster: section", rect.width - 4),
                      x: rect.x + 2, y: rect.y + 1, role: .muted)
            return
        }
        var y = rect.y
        let here = context.siteName(cluster.siteID)
        if !cluster.hasQuorum {
            let since = cluster.cutOffSince.map { " since \(context.clock.dateTime($0))" } ?? ""
            frame.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), role: .banner)
            frame.put(g.fit(" NO QUORUM: \(here)'s agent is cut off from the others\(since); views frozen", rect.width),
                      x: rect.x, y: y, role: .banner, bold: true)
            y += 1
            if let reason = cluster.cutOffReason {
                frame.put(g.fit("why: " + g.safe(reason), rect.width - 2), x: rect.x + 1, y: y, role: .critical)
                y += 1
            }
        }
        let read = cluster.revision.map { revision in
            "quorum read at revision \(revision)" + (cluster.readAt.map { ", \(context.clock.dateTime($0))" } ?? "")
        } ?? "no quorum read yet"
        let decider = cluster.deciderSiteID.map { context.siteName($0) } ?? "none"
        let line = "cluster \(g.safe(cluster.cluster)) \(g.separator) this agent at \(here) \(g.separator) decider: \(decider) \(g.separator) \(read)"
        frame.put(g.fit(line, rect.width - 2), x: rect.x + 1, y: y, role: cluster.hasQuorum ? .muted : .critical)
        y += 1
        let now = context.agentNow
        let verdicts = Self.verdicts(context)
        let selected = min(state.selected(on: .observers), max(0, verdicts.count - 1))
        let table = Rect(x: rect.x, y: y, width: rect.width, height: max(1, rect.maxY - y - 4))
        let columns = [TableColumn("SITE", width: 12), TableColumn("VERDICT", width: 11)]
            + cluster.observers.map { TableColumn(String(context.siteName($0).prefix(Self.cellWidth)), width: Self.cellWidth) }
            + [TableColumn("WHY", minWidth: 10)]
        let bySite = cluster.viewsBySite
        let rows = verdicts.map { verdict -> [TableCell] in
            let views = bySite[verdict.siteID] ?? []
            return [TableCell(context.siteName(verdict.siteID)),
                    TableCell(StateLabel.verdict(verdict.kind), Self.role(verdict.kind))]
                + cluster.observers.map { observer in
                    cell(views.first { $0.view.observerSiteID == observer && cluster.rule.isLive($0, at: now) },
                         site: verdict.siteID, observer: observer, at: now)
                }
                + [TableCell(g.safe(verdict.reason), .muted)]
        }
        Table(columns: columns, rows: rows, selected: selected).draw(into: &frame, rect: table, glyphs: g)
        guard !verdicts.isEmpty, rect.maxY - table.maxY >= 3 else { return }
        let detail = Rect(x: rect.x, y: table.maxY, width: rect.width, height: rect.maxY - table.maxY)
        let verdict = verdicts[selected]
        frame.box(detail, title: "\(context.siteName(verdict.siteID)): \(StateLabel.verdict(verdict.kind))", glyphs: g)
        let inner = detail.inset
        var lines = [g.safe(verdict.reason)]
        for read in bySite[verdict.siteID] ?? [] where !read.view.failing.isEmpty {
            let failing = read.view.failing.map { "\($0.serviceID): \($0.reason)" }.joined(separator: "; ")
            lines.append("\(context.siteName(read.view.observerSiteID)) sees: \(g.safe(failing))")
        }
        for (index, text) in lines.prefix(inner.height).enumerated() {
            frame.put(g.fit(text, inner.width - 1), x: inner.x + 1, y: inner.y + index)
        }
    }

    /// Each site's verdict now, with the evidence of the links this agent measured (the rule `status` and the decider use).
    static func verdicts(_ context: ConsoleContext) -> [SiteVerdict] {
        guard let snapshot = context.snapshot, let cluster = snapshot.cluster else { return [] }
        let names = Dictionary(snapshot.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let serving = ServingEvidence.of(snapshot.links, at: context.agentNow, freshSeconds: cluster.rule.staleAfterSeconds,
                                         siteNames: names)
        return cluster.verdicts(at: context.agentNow, siteNames: names, servingEvidence: serving)
    }

    /// `DOWN 3r 4s`, `up 2s`, `silent` (no live view); the site's own observer is shown, marked, and never counts.
    private func cell(_ read: ReadView?, site: String, observer: String, at now: EpochMillis) -> TableCell {
        guard let read else { return TableCell("silent", .unknown) }
        let age = Format.age(max(0, now.seconds(since: read.heldSince)))
        let rounds = read.view.state == .down ? " \(read.view.failedRounds)r" : ""
        let text = (observer == site ? "self " : "") + StateLabel.observed(read.view.state) + rounds + " " + age
        let role: StyleRole = observer == site ? .muted : read.view.state == .down ? .critical : read.view.state == .up ? .ok : .unknown
        return TableCell(text, role)
    }

    static func role(_ kind: SiteVerdictKind) -> StyleRole {
        switch kind {
        case .up: .ok
        case .down: .critical
        case .unreachable, .suspect: .warning
        case .unknown: .unknown
        }
    }
}

extension ScreenID {
    public static let observers = ScreenID("observers")
}

extension ObserversScreen: ConsoleScreen {
    static let id = ScreenID.observers
    static let title = "Observers"
    static let shortTitle = "Obs"
    static let summary = "the cluster: each site's verdict from the observers at the other sites, quorum, the decider"

    static func tabBadge(_ context: ConsoleContext) -> (text: String, role: StyleRole)? {
        guard let cluster = context.snapshot?.cluster else { return nil }
        guard cluster.hasQuorum else { return ("!", .critical) }
        let verdicts = verdicts(context)
        let down = verdicts.filter { $0.kind == .down }.count
        let doubtful = verdicts.filter { $0.kind == .suspect || $0.kind == .unreachable }.count
        if down > 0 { return ("\(down)", .critical) }
        return doubtful > 0 ? ("\(doubtful)", .warning) : nil
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        context.snapshot?.cluster?.sites.count ?? 0
    }

    /// Only an agent of a cluster has observers.
    static func isShown(_ context: ConsoleContext) -> Bool {
        context.snapshot?.cluster != nil
    }
}
