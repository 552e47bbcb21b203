import WarRoomModel
import WarRoomReports

/// Draws the open dialog over the screen: a decision bound to one step, with
/// its pre-flight facts and what confirms it, or a note for the timeline.
struct DialogView {
    var context: ConsoleContext
    var dialog: Dialog

    func draw(into frame: inout Frame) {
        switch dialog {
        case .decision(let dialog): drawDecision(dialog, into: &frame)
        case .note(let dialog): drawNote(dialog, into: &frame)
        case .silence(let dialog): drawSilence(dialog, into: &frame)
        case .handOver(let dialog): drawHandOver(dialog, into: &frame)
        case .automation(let dialog): drawAutomation(dialog, into: &frame)
        }
    }

    /// The width of a dialog's box on a frame `frameWidth` wide.
    static func boxWidth(_ frameWidth: Int) -> Int { min(frameWidth - 4, 84) }

    private func box(_ frame: inout Frame, height: Int, title: String, role: StyleRole) -> Rect {
        let width = Self.boxWidth(frame.width)
        let rect = Rect(x: (frame.width - width) / 2, y: max(1, (frame.height - height) / 2), width: width,
                        height: min(height, frame.height - 2))
        frame.fill(rect)
        frame.box(rect, title: title, glyphs: context.glyphs, role: role, titleRole: role)
        return rect.inset
    }

    /// What a decision dialog shows: the step it is bound to and the lines of
    /// facts above its fields (pre-flight, approvals so far), after why this
    /// operator cannot act, which never scrolls away; `nil` when the step is
    /// no longer in the cache.
    struct DecisionContent {
        var plan: FailoverPlan
        var step: PlanStep
        var preflight: PreflightResult
        /// Who else has this step's dialog open (presence, never a lock), then
        /// why this operator cannot act, wrapped (at most three rows): lines
        /// that never scroll away; empty when nobody else is at it and they can act.
        var refusal: [PreflightText.Line]
        var lines: [PreflightText.Line]
    }

    /// - parameter frameWidth: the frame's width, which the refusal wraps to.
    func decisionContent(_ dialog: DecisionDialog, frameWidth: Int) -> DecisionContent? {
        let g = context.glyphs
        guard let snapshot = context.snapshot, let plan = snapshot.plans.first(where: { $0.id == dialog.planID }),
              let step = snapshot.steps(of: plan).first(where: { $0.number == dialog.stepNumber }) else { return nil }
        let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: context.wallNow)
        var lines = PreflightText.lines(preflight, plan: plan, step: step, snapshot: snapshot, glyphs: g)
        let approvals = ApprovalPolicy.countingApprovals(snapshot.approvals, for: step)
        let who = approvals.map {
            "\(g.safe($0.operatorName))\($0.siteID.map { " (\(g.safe($0)))" } ?? "")\($0.simulated ? " (simulated)" : "")"
                + " at \(context.clock.time($0.decidedAt))"
        }
        let detailsAt = lines.firstIndex { $0.text.hasPrefix("data you would lose") } ?? lines.count
        lines.insert(PreflightText.Line(
            text: step.requiresApproval
                ? "approvals: \(approvals.count) of \(step.approversRequired)" + (who.isEmpty ? "" : " — " + who.joined(separator: ", "))
                : "this step needs no approval",
            role: .accent), at: detailsAt)
        // Say up front (first, and never scrolled away) why this operator cannot act, rather than after they typed.
        let me = OperatorIdentity(name: context.operatorName, groups: context.operatorGroups)
        let cutOff = snapshot.cluster?.cutOffSince.map { ClusterStatus.cutOffRefusal(since: $0, doing: "an approval", verb: "approve") }
        let refusal = (cutOff ?? ApprovalPolicy.refusal(for: me, deciding: step, of: plan, policy: plan.policy,
                                                        existing: snapshot.approvals)?.reason)
            .map { WrappedText.lines("you cannot decide: \(g.safe($0))", width: max(10, Self.boxWidth(frameWidth) - 4)) }
            .map { $0.prefix(3).map { PreflightText.Line(text: $0, role: .critical) } } ?? []
        let others = context.confirming(planID: plan.id, stepNumber: step.number).prefix(2).map {
            PreflightText.Line(text: "\($0) this step too", role: .warning)
        }
        return DecisionContent(plan: plan, step: step, preflight: preflight, refusal: others + refusal, lines: lines)
    }

    /// Rows the facts of `content` may take on a frame `height` rows tall.
    static func factRows(_ content: DecisionContent, height: Int) -> Int {
        let all = content.lines.count + content.refusal.count
        return factRows(lines: all, height: height) - content.refusal.count
    }

    /// Rows for facts in a decision dialog on a frame `height` rows tall: the
    /// box takes what the facts need, up to the frame less a row above and below;
    /// the prompt, the two fields, a message and the key hints take six.
    static func factRows(lines: Int, height: Int) -> Int {
        min(lines + 9, height - 2) - 2 - 6
    }

    /// How far the facts of `content` can scroll on a frame `height` rows
    /// tall: when they overflow, the last row says what is above and below.
    static func scrollLimit(_ content: DecisionContent, height: Int) -> Int {
        let rows = factRows(content, height: height)
        return content.lines.count <= rows ? 0 : content.lines.count - max(1, rows - 1)
    }

    private func drawDecision(_ dialog: DecisionDialog, into frame: inout Frame) {
        let g = context.glyphs
        let verb = dialog.decision == .approved ? "Approve" : "Reject"
        guard let content = decisionContent(dialog, frameWidth: frame.width) else {
            let inner = box(&frame, height: 5, title: "\(verb) step \(dialog.stepNumber) of \(g.safe(dialog.planID))", role: .critical)
            frame.put("this step is no longer in the cache; Esc closes", x: inner.x + 1, y: inner.y + 1, role: .critical)
            return
        }
        let (plan, step, lines) = (content.plan, content.step, content.lines)
        let word = DecisionConfirmation.expectedWord(for: step, of: plan,
                                                     preflightHolds: dialog.decision == .rejected || content.preflight.holds)
        let action = dialog.decision == .approved ? "approve" : "reject"
        let prompt = word == "override" ? "the pre-flight FAILS: type override and Enter to \(action) anyway (recorded as an override)"
            : "type \(word) and Enter to \(action)"
        let inner = box(&frame, height: lines.count + content.refusal.count + 9,
                        title: "\(verb) step \(step.number) of \(g.safe(plan.id)) as \(g.safe(context.operatorName))",
                        role: dialog.decision == .approved ? .warning : .critical)
        let rows = max(0, Self.factRows(content, height: frame.height))
        var y = inner.y
        for refusal in content.refusal {
            frame.put(g.fit(refusal.text, inner.width - 2), x: inner.x + 1, y: y, role: refusal.role, bold: true)
            y += 1
        }
        if lines.count <= rows {
            for line in lines {
                frame.put(g.fit(line.text, inner.width - 2), x: inner.x + 1, y: y, role: line.role, bold: line.role == .critical)
                y += 1
            }
        } else if rows > 0 {
            // More facts than rows: a window of them, and a last row that says what is out of view.
            let shown = rows - 1
            let first = min(dialog.scroll, lines.count - shown)
            for line in lines[first..<(first + shown)] {
                frame.put(g.fit(line.text, inner.width - 2), x: inner.x + 1, y: y, role: line.role, bold: line.role == .critical)
                y += 1
            }
            let below = lines.count - first - shown
            var more: [String] = []
            if first > 0 { more.append("\(first) more above") }
            if below > 0 { more.append("\(below) more below") }
            let marker = more.joined(separator: " \(g.separator) ") + " \(g.separator) Up/Down PgUp/PgDn scroll"
            frame.put(g.fit(marker, inner.width - 2), x: inner.x + 1, y: y, role: .accent, bold: true)
            y += 1
        }
        y += 1
        frame.put(g.fit(prompt, inner.width - 2), x: inner.x + 1, y: y, role: word == "override" ? .critical : .header, bold: true)
        y += 1
        drawField("confirm", dialog.confirmation, active: dialog.field == .confirmation, y: y, inner: inner, into: &frame)
        y += 1
        drawField(dialog.decision == .rejected ? "reason " : "comment", dialog.comment, active: dialog.field == .comment,
                  y: y, inner: inner, into: &frame)
        y += 1
        if let message = dialog.message {
            frame.put(g.fit(g.safe(message), inner.width - 2), x: inner.x + 1, y: y, role: dialog.messageIsError ? .critical : .ok,
                      bold: true)
        }
        frame.put("Tab switches field \(g.separator) Esc cancels", x: inner.x + 1, y: inner.maxY - 1, role: .muted)
    }

    private func drawNote(_ dialog: NoteDialog, into frame: inout Frame) {
        let g = context.glyphs
        drawPrompt(title: "Note for \(g.safe(dialog.incidentID)) as \(g.safe(context.operatorName))", label: "note",
                   text: dialog.text, message: dialog.message, hint: "Enter adds it to the timeline", into: &frame)
    }

    /// A dialog of one text field, what went wrong under it, and what Enter does.
    private func drawPrompt(title: String, label: String, text: String, message: String?, hint: String, into frame: inout Frame) {
        let g = context.glyphs
        let inner = box(&frame, height: 7, title: title, role: .accent)
        drawField(label, text, active: true, y: inner.y + 1, inner: inner, into: &frame)
        if let message {
            frame.put(g.fit(g.safe(message), inner.width - 2), x: inner.x + 1, y: inner.y + 2, role: .critical)
        }
        frame.put(g.fit("\(hint) \(g.separator) Esc cancels", inner.width - 2), x: inner.x + 1, y: inner.maxY - 1, role: .muted)
    }

    private func drawHandOver(_ dialog: HandOverDialog, into frame: inout Frame) {
        let g = context.glyphs
        drawPrompt(title: "Hand command of \(g.safe(dialog.incidentID)) over, as \(g.safe(context.operatorName))", label: "to",
                   text: dialog.name, message: dialog.message, hint: "Enter hands command over (on the timeline, audited)",
                   into: &frame)
    }

    private func drawAutomation(_ dialog: AutomationDialog, into frame: inout Frame) {
        let g = context.glyphs
        guard dialog.resuming else {
            drawPrompt(title: "Pause automatic failover, as \(g.safe(context.operatorName))", label: "reason",
                       text: dialog.reason, message: dialog.message,
                       hint: "Enter pauses it: plans wait for approval (on the timeline, audited)", into: &frame)
            return
        }
        let inner = box(&frame, height: 7, title: "Resume automatic failover, as \(g.safe(context.operatorName))", role: .warning)
        var paused = "Automatic failover is paused."
        if case .paused(let pause)? = context.snapshot?.automation?.status(at: context.agentNow) {
            paused = "Paused by \(g.safe(pause.by)): \(g.safe(pause.reason))"
        }
        frame.put(g.fit(paused, inner.width - 2), x: inner.x + 1, y: inner.y, role: .normal)
        frame.put(g.fit("Once resumed, a failing site may fail over without waiting for approval.", inner.width - 2),
                  x: inner.x + 1, y: inner.y + 1, role: .warning)
        if let message = dialog.message {
            frame.put(g.fit(g.safe(message), inner.width - 2), x: inner.x + 1, y: inner.y + 2, role: .critical)
        }
        frame.put(g.fit("Enter resumes it (audited) \(g.separator) Esc keeps it paused", inner.width - 2),
                  x: inner.x + 1, y: inner.maxY - 1, role: .muted)
    }

    private func drawSilence(_ dialog: SilenceDialog, into frame: inout Frame) {
        let g = context.glyphs
        let alert = context.snapshot?.alertQueue.items.first { $0.fingerprint == dialog.alertFingerprint }
        let inner = box(&frame, height: 9, title: "Silence \(g.safe(alert?.name ?? dialog.alertFingerprint)) in Alertmanager as \(g.safe(context.operatorName))",
                        role: .warning)
        let labels = (alert?.labels ?? [:]).sorted { $0.key < $1.key }.map { "\(g.safe($0.key))=\(g.safe($0.value))" }
        frame.put(g.fit("matches " + (labels.isEmpty ? "this alert's labels" : labels.joined(separator: " ")), inner.width - 2),
                  x: inner.x + 1, y: inner.y, role: .muted)
        drawField("for   ", dialog.duration, active: dialog.field == .duration, y: inner.y + 2, inner: inner, into: &frame)
        drawField("reason", dialog.reason, active: dialog.field == .reason, y: inner.y + 3, inner: inner, into: &frame)
        if let message = dialog.message {
            frame.put(g.fit(g.safe(message), inner.width - 2), x: inner.x + 1, y: inner.y + 5, role: .critical, bold: true)
        }
        frame.put(g.fit("Enter silences \(g.separator) Tab switches field \(g.separator) Esc cancels", inner.width - 2),
                  x: inner.x + 1, y: inner.maxY - 1, role: .muted)
    }

    private func drawField(_ label: String, _ text: String, active: Bool, y: Int, inner: Rect, into frame: inout Frame) {
        let g = context.glyphs
        let x = frame.put("\(label): ", x: inner.x + 1, y: y, role: active ? .accent : .muted, bold: active)
        let width = inner.maxX - x - 1
        // The end of long text stays visible as it is typed.
        var shown = g.safe(text) + (active ? "_" : "")
        while TerminalText.displayWidth(shown) > width, !shown.isEmpty { shown.removeFirst() }
        frame.put(shown, x: x, y: y, role: active ? .selection : .normal)
    }
}
