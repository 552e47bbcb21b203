import WarRoomModel

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
        }
    }

    private func box(_ frame: inout Frame, height: Int, title: String, role: StyleRole) -> Rect {
        let width = min(frame.width - 4, 84)
        let rect = Rect(x: (frame.width - width) / 2, y: max(1, (frame.height - height) / 2), width: width,
                        height: min(height, frame.height - 2))
        frame.fill(rect)
        frame.box(rect, title: title, glyphs: context.glyphs, role: role, titleRole: role)
        return rect.inset
    }

    private func drawDecision(_ dialog: DecisionDialog, into frame: inout Frame) {
        let g = context.glyphs
        let verb = dialog.decision == .approved ? "Approve" : "Reject"
        guard let snapshot = context.snapshot, let plan = snapshot.plans.first(where: { $0.id == dialog.planID }),
              let step = snapshot.steps(of: plan).first(where: { $0.number == dialog.stepNumber }) else {
            let inner = box(&frame, height: 5, title: "\(verb) step \(dialog.stepNumber) of \(g.safe(dialog.planID))", role: .critical)
            frame.put("this step is no longer in the cache; Esc closes", x: inner.x + 1, y: inner.y + 1, role: .critical)
            return
        }
        let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: context.wallNow)
        var lines = PreflightText.lines(preflight, plan: plan, step: step, snapshot: snapshot, glyphs: g)
        let approvals = ApprovalPolicy.countingApprovals(snapshot.approvals, for: step)
        let who = approvals.map { "\(g.safe($0.operatorName))\($0.simulated ? " (simulated)" : "") at \(context.clock.time($0.decidedAt))" }
        let detailsAt = lines.firstIndex { $0.text.hasPrefix("data you would lose") } ?? lines.count
        lines.insert(PreflightText.Line(
            text: step.requiresApproval
                ? "approvals: \(approvals.count) of \(step.approversRequired)" + (who.isEmpty ? "" : " — " + who.joined(separator: ", "))
                : "this step needs no approval",
            role: .accent), at: detailsAt)
        // Say up front (first, so it is never cut) why this operator cannot act, rather than after they typed.
        let me = OperatorIdentity(name: context.operatorName, groups: context.operatorGroups)
        if let refusal = ApprovalPolicy.refusal(for: me, deciding: step, of: plan, policy: plan.policy, existing: snapshot.approvals) {
            lines.insert(PreflightText.Line(text: "you cannot decide: \(g.safe(refusal.reason))", role: .critical), at: 0)
        }
        let word = DecisionConfirmation.expectedWord(for: step, of: plan,
                                                     preflightHolds: dialog.decision == .rejected || preflight.holds)
        let action = dialog.decision == .approved ? "approve" : "reject"
        let prompt = word == "override" ? "the pre-flight FAILS: type override and Enter to \(action) anyway (recorded as an override)"
            : "type \(word) and Enter to \(action)"
        let inner = box(&frame, height: lines.count + 9,
                        title: "\(verb) step \(step.number) of \(g.safe(plan.id)) as \(g.safe(context.operatorName))",
                        role: dialog.decision == .approved ? .warning : .critical)
        var y = inner.y
        for line in lines where y < inner.maxY - 6 {
            frame.put(g.fit(line.text, inner.width - 2), x: inner.x + 1, y: y, role: line.role, bold: line.role == .critical)
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
        let inner = box(&frame, height: 7, title: "Note for \(g.safe(dialog.incidentID)) as \(g.safe(context.operatorName))",
                        role: .accent)
        drawField("note", dialog.text, active: true, y: inner.y + 1, inner: inner, into: &frame)
        if let message = dialog.message {
            frame.put(g.fit(g.safe(message), inner.width - 2), x: inner.x + 1, y: inner.y + 2, role: .critical)
        }
        frame.put("Enter adds it to the timeline \(g.separator) Esc cancels", x: inner.x + 1, y: inner.maxY - 1, role: .muted)
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
