import WarRoomModel

/// Proposed and active failover plans: each step's state, who approved it,
/// what exactly it runs and what it printed. `a` and `r` open the decision
/// dialog (``DialogView``) for the selected step.
struct FailoverScreen {
    var context: ConsoleContext
    var state: UIState

    func draw(into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        let steps = ScreenRows.steps(context)
        guard !steps.isEmpty else {
            frame.put("no failover plan proposed", x: rect.x + 2, y: rect.y + 1, role: .muted)
            let below = drawReadiness(into: &frame, rect: Rect(x: rect.x, y: rect.y + 3, width: rect.width, height: rect.height - 3))
            drawDecisionModes(into: &frame, rect: Rect(x: rect.x, y: below, width: rect.width, height: rect.maxY - below))
            return
        }
        let selected = min(state.selected(on: .failover), steps.count - 1)
        let (plan, step) = steps[selected]
        var x = frame.put(g.safe(plan.id), x: rect.x + 1, y: rect.y, role: .accent, bold: true)
        x = frame.put("  " + g.safe(plan.name), x: x, y: rect.y, role: .header, bold: true)
        let awaiting = steps.filter { $0.plan.id == plan.id && $0.step.state == .awaitingApproval }.count
        if awaiting > 0 { frame.put("  \(awaiting) awaiting approval", x: x, y: rect.y, role: .warning, bold: true) }
        var proposed = "proposed by \(g.safe(plan.proposedBy)) at \(context.clock.dateTime(plan.proposedAt)) \(g.separator) runbook \(g.safe(plan.runbookHash))"
        // A plan mirrored from the cluster's decider runs there; it is decided here through the cluster.
        if let keptAt = plan.keptAt { proposed = "runs at the decider: \(g.safe(keptAt)) \(g.separator) " + proposed }
        frame.put(g.fit(proposed, rect.width - 2), x: rect.x + 1, y: rect.y + 1, role: .muted)
        let detailHeight = min(8, max(5, rect.height / 3))
        let tableRect = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2 - detailHeight)
        let approvals = context.snapshot?.approvals ?? []
        let multiplePlans = Set(steps.map(\.plan.id)).count > 1
        var columns = [TableColumn("#", width: 3, alignRight: true), TableColumn("STATE", width: 18),
                       TableColumn("APPROVED", width: 9), TableColumn("PROD", width: 4), TableColumn("STEP")]
        if multiplePlans { columns.insert(TableColumn("PLAN", width: 9), at: 0) }
        let present = context.otherConsoles
        let rows = steps.map { entry -> [TableCell] in
            // Only approvals given since the step last began waiting count.
            let approvedBy = ApprovalPolicy.countingApprovals(approvals, for: entry.step)
            let approvalText = entry.step.requiresApproval ? "\(approvedBy.count)/\(entry.step.approversRequired)" : "auto"
            var cells = [TableCell("\(entry.step.number)", .muted),
                         TableCell(entry.step.state.rawValue, StateRole.step(entry.step.state)),
                         TableCell(approvalText, entry.step.requiresApproval ? .normal : .muted),
                         TableCell(entry.step.changesProduction ? "yes" : "", .warning)]
            // Presence next to the step: two commanders never act at once unaware.
            let others = context.confirming(planID: entry.plan.id, stepNumber: entry.step.number, among: present)
            cells.append(others.isEmpty ? TableCell(g.safe(entry.step.title))
                         : TableCell("\(others.joined(separator: ", ")) \(g.separator) \(g.safe(entry.step.title))", .warning))
            if multiplePlans { cells.insert(TableCell(g.safe(entry.plan.id), .muted), at: 0) }
            return cells
        }
        Table(columns: columns, rows: rows, selected: selected).draw(into: &frame, rect: tableRect, glyphs: g)
        let detail = Rect(x: rect.x, y: tableRect.maxY, width: rect.width, height: detailHeight)
        frame.box(detail, title: "Step \(step.number): \(g.safe(step.key))", glyphs: g)
        let inner = detail.inset
        var lines: [(String, StyleRole)] = [("runs: \(g.safe(step.action))", .normal)]
        if step.requiresApproval {
            let current = ApprovalPolicy.current(approvals, for: step)
            var who = current.map {
                "\($0.decision.rawValue) by \(g.safe($0.operatorName))\($0.siteID.map { " (\(g.safe($0)))" } ?? "")"
                    + "\($0.simulated ? " (simulated)" : "") at \(context.clock.time($0.decidedAt))"
            }
            let earlier = approvals.filter { $0.planID == plan.id && $0.stepNumber == step.number }.count - current.count
            if earlier > 0 { who.append("\(earlier) earlier decision\(earlier == 1 ? "" : "s") no longer count") }
            let needs = "needs \(step.approversRequired) approver\(step.approversRequired == 1 ? "" : "s")"
            lines.append(("\(needs)\(step.changesProduction ? ", changes production" : "") \(g.separator) "
                          + (who.isEmpty ? "nobody has approved yet" : who.joined(separator: "; ")),
                          who.isEmpty ? .warning : .normal))
        } else {
            lines.append(("runs without approval once the steps before it are done", .muted))
        }
        lines.append(("state \(step.state.rawValue) since \(context.clock.time(step.updatedAt))", StateRole.step(step.state)))
        for outputLine in step.output.split(separator: "\n", omittingEmptySubsequences: false).prefix(inner.height) {
            lines.append(("output: " + g.safe(String(outputLine)), .muted))
        }
        for (index, line) in lines.prefix(inner.height).enumerated() {
            frame.put(g.fit(line.0, inner.width - 1), x: inner.x + 1, y: inner.y + index, role: line.1)
        }
    }

    /// Each configured failover's readiness, wrapped: ready or not, its facts,
    /// why not. Returns the row below what it drew.
    private func drawReadiness(into frame: inout Frame, rect: Rect) -> Int {
        let readiness = context.readiness
        guard !readiness.isEmpty, rect.height > 1 else { return rect.y }
        let g = context.glyphs
        frame.put("Readiness (if a site failed now):", x: rect.x + 2, y: rect.y, role: .header, bold: true)
        var y = rect.y + 1
        for entry in readiness {
            let role: StyleRole = context.isStale ? .stale : entry.isReady ? .ok : .critical
            let verdict = context.isStale ? "STALE" : entry.isReady ? "READY" : "NOT READY"
            let summary = entry.summary(siteName: context.siteName)
            var lines = [(verdict + " " + g.safe(summary), role, 4)]
            lines += entry.failures.map { ("fails: " + g.safe($0), StyleRole.critical, 6) }
            lines += entry.warnings.map { ("note: " + g.safe($0), StyleRole.warning, 6) }
            for (text, lineRole, indent) in lines {
                y = frame.putWrapped(text, x: rect.x + indent, y: y, width: rect.width - indent - 2, maxY: rect.maxY,
                                     continuationIndent: 2, role: lineRole)
            }
        }
        return min(rect.maxY, y + 1)
    }

    /// How a failure of each site would be decided, in words, wrapped to the width.
    private func drawDecisionModes(into frame: inout Frame, rect: Rect) {
        let lines = SiteDecision.lines(for: context.snapshot?.sites ?? [])
        guard !lines.isEmpty, rect.height > 1 else { return }
        let g = context.glyphs
        frame.put("If a site fails:", x: rect.x + 2, y: rect.y, role: .header, bold: true)
        var y = rect.y + 1
        for line in lines {
            y = frame.putWrapped(g.safe(line), x: rect.x + 4, y: y, width: rect.width - 6, maxY: rect.maxY, continuationIndent: 2)
        }
    }
}

extension ScreenID {
    public static let failover = ScreenID("failover")
}

extension FailoverScreen: ConsoleScreen {
    static let id = ScreenID.failover
    static let title = "Failover"
    static let shortTitle = "Fail"
    static let summary = "plans, steps, approvals"
    static let keys = [
        KeyBinding([.character("a")], .approveStep, "approve the selected step (asks you to confirm)", changesData: true,
                   hint: "approve"),
        KeyBinding([.character("r")], .rejectStep, "reject the selected step, with a reason", changesData: true,
                   hint: "reject"),
        KeyBinding([.character("P")], .pauseOrResumeAutomation,
                   "pause automatic failover (asks why; plans then wait for approval), or resume it when paused",
                   changesData: true, hint: "pause"),
    ]

    static func tabBadge(_ context: ConsoleContext) -> (text: String, role: StyleRole)? {
        guard let count = context.snapshot?.steps.filter({ $0.state == .awaitingApproval }).count, count > 0 else { return nil }
        return ("(\(count))", .warning)
    }

    static func rowCount(_ context: ConsoleContext, state: UIState) -> Int? {
        ScreenRows.steps(context).count
    }
}
