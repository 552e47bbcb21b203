import WarRoomModel
import WarRoomReports

/// The console's pure render function: `(context, state, size) -> Frame`.
/// Header, tabs, alarm banner and footer around the current screen, with
/// the help overlay on top.
public enum ConsoleView {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public static func render(_ context: ConsoleContext, state: UIState, width: Int, height: Int,
                              keyMap: KeyMap = .standard) -> Frame {
        var frame = Frame(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(into: &frame)
            return frame
        }
        drawHeader(into: &frame, context: context, state: state)
        drawTabs(into: &frame, context: context, state: state)
        var body = Rect(x: 0, y: 2, width: width, height: height - 2 - (state.kiosk ? 0 : 1))
        if let banner = bannerText(context) {
            frame.fill(Rect(x: 0, y: body.y, width: width, height: 1), role: .banner)
            let text = context.glyphs.fit(banner, width - 2)
            frame.put(text, x: (width - TerminalText.displayWidth(text)) / 2, y: body.y, role: .banner, bold: true)
            body = body.splitTop(1).rest
        }
        if context.snapshot == nil {
            let message = context.cacheProblem == nil ? "reading the cache…" : "no data: the cache can't be read"
            frame.put(message, x: 2, y: body.y + 1, role: .muted)
        } else {
            ScreenCatalog.screen(state.screen).init(context: context, state: state).draw(into: &frame, rect: body)
        }
        if !state.kiosk { drawFooter(into: &frame, context: context, state: state, keyMap: keyMap) }
        if state.showHelp {
            HelpOverlay(keyMap: keyMap, state: state, glyphs: context.glyphs, shownScreens: ScreenCatalog.shown(context))
                .draw(into: &frame)
        }
        if let dialog = state.dialog { DialogView(context: context, dialog: dialog).draw(into: &frame) }
        return frame
    }

    /// The full-width alarm, if any: an unreadable cache, a split brain (the
    /// most dangerous state, over everything else), or stale data.
    static func bannerText(_ context: ConsoleContext) -> String? {
        if let problem = context.cacheProblem {
            return "CACHE UNREADABLE — \(context.glyphs.safe(problem)) — showing the last data read, as stale"
        }
        if let brains = context.snapshot?.splitBrains, !brains.isEmpty {
            return brains.map { brain in
                context.glyphs.safe(brain.sentence { id in context.snapshot?.site(id)?.name ?? id })
            }.joined(separator: " · ")
        }
        guard context.isStale else { return nil }
        guard let heartbeat = context.snapshot?.heartbeat else {
            return "STALE — no agent has written to this cache yet"
        }
        // When, not how long ago: a banner that counts would redraw every second on a wall left idle.
        // On the clock the header shows: a demo's simulated one.
        let seen = heartbeat.clockSpeed != 1 ? heartbeat.clockAt : heartbeat.wallAt
        return "STALE — agent last seen at \(context.clock.dateTime(seen)) — nothing shown is current"
    }

    private static func drawTooSmall(into frame: inout Frame) {
        let lines = ["terminal too small: \(frame.width)x\(frame.height), need \(minimumWidth)x\(minimumHeight)",
                     "enlarge the window, or press q to quit"]
        for (index, line) in lines.enumerated() {
            let y = frame.height / 2 - 1 + index
            frame.put(line, x: max(0, (frame.width - line.count) / 2), y: y, role: index == 0 ? .warning : .muted,
                      bold: index == 0)
        }
    }

    private static func drawHeader(into frame: inout Frame, context: ConsoleContext, state: UIState) {
        frame.fill(Rect(x: 0, y: 0, width: frame.width, height: 1), role: .header)
        let g = context.glyphs
        var x = frame.put(" WARROOM ", x: 0, y: 0, role: .accent, bold: true)
        x = frame.put(g.separator + " " + state.screen.title, x: x, y: 0, role: .header, bold: true)
        // Freshness and mode matter most: the operator and the clock give way first.
        var freshness: (String, StyleRole) = ("agent: never seen", .stale)
        if let heartbeat = context.snapshot?.heartbeat {
            // A live agent's age ticks: it is how the operator sees it write. A stale one's is in the banner.
            freshness = context.isStale ? ("agent STALE", .stale)
                : ("agent \(Format.age(Double(wholeSecondsSince(heartbeat.wallAt, context.wallNow)))) ago", .ok)
        }
        var clock = (context.clock.time(context.wallNow), StyleRole.header)
        if let heartbeat = context.snapshot?.heartbeat, heartbeat.clockSpeed != 1 {
            // A demo's data lives on its simulated clock: show that one, and say so.
            clock = (context.clock.time(context.agentNow) + " sim \(Format.fixed(heartbeat.clockSpeed, 0))x", .accent)
        }
        var mode: [(String, StyleRole)] = state.readOnly ? [("READ-ONLY", .warning)] : []
        if let badge = automationBadge(context) { mode.insert(badge, at: 0) }
        // A cluster's console says whose agent it reads, and loudly when that agent is cut off.
        if let cluster = context.snapshot?.cluster {
            let site = context.siteName(cluster.siteID)
            freshness.0 = "\(site) \(freshness.0)"
            if !cluster.hasQuorum { mode.insert(("NO QUORUM", .critical), at: 0) }
        }
        // Who else watches gives way before the clock: it is there so two commanders never act unaware.
        let others = context.otherConsoles.count
        let watching: [(String, StyleRole)] = others == 0 ? [] : [("\(others) other\(others == 1 ? "" : "s") watching", .warning)]
        let candidates: [[(String, StyleRole)]] = [
            [freshness, clock, (g.safe(context.operatorName), .header)] + watching + mode,
            [freshness, clock] + watching + mode,
            [freshness, clock] + mode,
            [freshness] + mode,
        ]
        for right in candidates {
            let joined = right.map(\.0).joined(separator: " \(g.separator) ")
            var rx = frame.width - TerminalText.displayWidth(joined) - 1
            guard rx > x + 1 else { continue }
            for (index, part) in right.enumerated() {
                rx = frame.put(part.0, x: rx, y: 0, role: part.1, bold: true)
                if index < right.count - 1 { rx = frame.put(" \(g.separator) ", x: rx, y: 0, role: .header) }
            }
            return
        }
    }

    /// What automatic failover may do, in a few characters: `MANUAL` when
    /// every site's failure waits for approval, else `AUTO armed`,
    /// `AUTO PAUSED (bob)`, `AUTO HELD 29m` (the anti-flap countdown). The
    /// modes' meaning is on the Failover screen and in `status`.
    private static func automationBadge(_ context: ConsoleContext) -> (String, StyleRole)? {
        let decisions = context.snapshot?.sites.compactMap(\.decision) ?? []
        let mayActAlone = SiteDecision.someMayActAlone(decisions)
        guard let automation = context.snapshot?.automation else {
            // A demo's simulator has no automation to pause, but its sites have their modes.
            guard !decisions.isEmpty else { return nil }
            let hybridOnly = !decisions.contains { $0.mode == .automatic }
            return (mayActAlone ? (hybridOnly ? "AUTO hybrid" : "AUTO") : "MANUAL", context.isStale ? .stale : .ok)
        }
        switch automation.status(at: context.agentNow) {
        case .armed:
            return (mayActAlone ? "AUTO armed" : "MANUAL", context.isStale ? .stale : .ok)
        case .paused(let pause):
            return ("AUTO PAUSED (\(context.glyphs.safe(pause.by)))", .warning)
        case .heldBack(_, let until):
            return ("AUTO HELD \(Format.age(Double(wholeSecondsSince(context.agentNow, until))))", .warning)
        }
    }

    /// Whole seconds between two wall-clock instants, counted on second
    /// boundaries so every age on screen ticks together with the clock.
    static func wholeSecondsSince(_ earlier: EpochMillis, _ now: EpochMillis) -> Int64 {
        max(0, now / 1000 - earlier / 1000)
    }

    private static func drawTabs(into frame: inout Frame, context: ConsoleContext, state: UIState) {
        let shown = ScreenCatalog.shown(context)
        let tabs = ScreenCatalog.screens.filter { shown.contains($0.id) }.map { screen in
            (screen: screen.id, badge: screen.tabBadge(context) ?? (text: "", role: StyleRole.normal))
        }
        // Short titles when the full ones do not fit: every tab stays on screen.
        let fullWidth = tabs.map { $0.screen.title.count + $0.badge.text.count + 5 }.reduce(1, +)
        let short = fullWidth > frame.width
        var x = 1
        for tab in tabs {
            let screen = tab.screen
            let label = " \(screen.number) \(short && screen != state.screen ? screen.shortTitle : screen.title) "
            x = frame.put(label, x: x, y: 1, role: screen == state.screen ? .selection : .normal, bold: screen == state.screen)
            if !tab.badge.text.isEmpty { x = frame.put(tab.badge.text, x: x, y: 1, role: tab.badge.role) }
            x += 1
        }
    }

    private static func drawFooter(into frame: inout Frame, context: ConsoleContext, state: UIState, keyMap: KeyMap) {
        let y = frame.height - 1
        frame.fill(Rect(x: 0, y: y, width: frame.width, height: 1), role: .muted)
        if state.isEditingFilter {
            let prompt = "filter: " + context.glyphs.safe(state.filterText(on: state.screen)) + "_"
            frame.put(prompt, x: 1, y: y, role: .accent, bold: true)
            frame.put("Enter keep  Esc clear", x: frame.width - 22, y: y, role: .muted)
            return
        }
        if let notice = context.notice {
            frame.put(context.glyphs.fit(context.glyphs.safe(notice), frame.width - 2), x: 1, y: y,
                      role: context.noticeIsSuccess ? .ok : .warning)
            return
        }
        let screenKeys = keyMap.bindings(on: state.screen, readOnly: state.readOnly).filter { $0.screens != nil }
        let own = screenKeys.compactMap { binding in
            binding.hint.map { "\(binding.keys[0].label(asciiOnly: context.glyphs.asciiOnly)) \($0)" }
        }
        let hints = KeyHints(filter: state.filter[state.screen].map { "filter: \(context.glyphs.safe($0))" }, own: own,
                             moves: state.screen != .overview, screenCount: ScreenCatalog.shown(context).count)
        frame.put(context.glyphs.fit(hints.line(width: frame.width - 2), frame.width - 2), x: 1, y: y, role: .muted)
    }
}

/// The footer's key hints: whole hints only, never one cut in the middle.
/// When they do not all fit, the ones every screen has go first (the tabs
/// already show the screen numbers), then this screen's from the last;
/// `q quit` and `? help` (which lists every key) always stay.
struct KeyHints {
    var filter: String?
    var own: [String]
    var moves: Bool
    /// How many screens the number keys show now.
    var screenCount: Int

    func line(width: Int) -> String {
        var screens: String? = "1-\(screenCount)/Tab screens"
        var move: String? = moves ? "j/k move" : nil
        var own = own
        func text() -> String {
            ([filter, "q quit", "? help", screens].compactMap { $0 } + own + [move].compactMap { $0 }).joined(separator: "  ")
        }
        while TerminalText.displayWidth(text()) > width {
            if screens != nil { screens = nil } else if move != nil { move = nil } else if !own.isEmpty { own.removeLast() } else { break }
        }
        return text()
    }
}
