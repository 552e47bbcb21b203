import Foundation
import WarRoomModel
import WarRoomReports

/// Operator actions: what the reducer is told of the screen, sending an
/// action off the loop, and what came of it.
extension ConsoleRuntime {
    /// What the reducer needs to know of the screen: list sizes and what is selected.
    func reducerContext(_ context: ConsoleContext) -> ReducerContext {
        let steps = ScreenRows.steps(context)
        let alerts = ScreenRows.alerts(context)
        let step = steps.isEmpty ? nil : steps[min(state.selected(on: .failover), steps.count - 1)]
        let alert = alerts.total == 0 ? nil : alerts[min(state.selected(on: .alerts), alerts.total - 1)]
        var rowCounts: [ScreenID: Int] = [:]
        for screen in ScreenCatalog.screens {
            rowCounts[screen.id] = screen.rowCount(context, state: state)
        }
        var reducerContext = ReducerContext(rowCounts: rowCounts, pageSize: max(1, terminal.height - 8),
                                            selectedStep: step.map { ($0.plan.id, $0.step.number) },
                                            selectedAlert: alert?.fingerprint, incidentID: context.snapshot?.shownIncident?.id)
        reducerContext.shownScreens = ScreenCatalog.shown(context)
        reducerContext.incidentStatus = context.snapshot?.shownIncident?.status
        reducerContext.incidentSeverity = context.snapshot?.shownIncident?.severity
        reducerContext.operatorName = actions?.identity.name
        if let automation = context.snapshot?.automation {
            if case .paused = automation.status(at: context.agentNow) {
                reducerContext.automationPaused = true
            } else {
                reducerContext.automationPaused = false
            }
        }
        if case .decision(let dialog) = state.dialog,
           let content = DialogView(context: context, dialog: .decision(dialog)).decisionContent(dialog, frameWidth: terminal.width) {
            // The dialog's facts scroll a page of their own rows.
            reducerContext.dialogScrollLimit = DialogView.scrollLimit(content, height: terminal.height)
            reducerContext.pageSize = max(1, DialogView.factRows(content, height: terminal.height) - 1)
        }
        return reducerContext
    }

    /// Sends an operator action off the loop and says it is on its way; what
    /// came of it is shown when it arrives (``complete(_:_:)``). Every rule is
    /// applied again where the action is recorded; this only checks the typed
    /// confirmation against the step as it is on screen now.
    func perform(_ effect: ConsoleEffect, context: ConsoleContext) {
        guard let actions else { return }
        guard inFlight == nil else {
            show("still sending the previous action; wait for its answer")
            return
        }
        switch effect {
        case .quit, .refresh:
            return
        case .decide(let planID, let number, let decision, let typed, let comment):
            guard case .decision(var dialog) = state.dialog else { return }
            guard let snapshot, let plan = snapshot.plans.first(where: { $0.id == planID }),
                  let step = snapshot.steps(of: plan).first(where: { $0.number == number }) else {
                dialog.message = "this step is no longer in the cache"
                dialog.messageIsError = true
                state.dialog = .decision(dialog)
                return
            }
            let preflight = Preflight.evaluate(plan: plan, step: step, snapshot: snapshot, wallNow: context.wallNow)
            if let problem = DecisionConfirmation.problem(typed: typed, step: step, plan: plan, preflightHolds: preflight.holds,
                                                          decision: decision, comment: comment) {
                dialog.message = problem
                dialog.messageIsError = true
                state.dialog = .decision(dialog)
                return
            }
            let request = StepDecision(planID: planID, stepNumber: number, decision: decision, comment: comment,
                                       preflightFacts: preflight.facts.canonicalJSON, runbookHash: plan.runbookHash,
                                       overridePreflight: decision == .approved && !preflight.holds)
            dialog.message = "sending…"
            dialog.messageIsError = false
            state.dialog = .decision(dialog)
            inFlight = ActionInFlight(kind: .decision) { try actions.decide(request) }
        case .acknowledge(let fingerprint):
            show("sending acknowledgement…", success: true)
            inFlight = ActionInFlight(kind: .footer) { try actions.acknowledge(alertFingerprint: fingerprint) }
        case .changeIncident(let incidentID, let change):
            show("sending…", success: true)
            inFlight = ActionInFlight(kind: .footer) { try actions.changeIncident(change, incidentID: incidentID) }
        case .handOver(let incidentID, let name):
            guard IncidentLifecycle.isUserName(name) else {
                state.dialog = state.dialog?.showing(name.isEmpty ? "type the user name of the new commander"
                                                                  : "'\(name)' is not a user name")
                return
            }
            state.dialog = state.dialog?.showing("sending…")
            inFlight = ActionInFlight(kind: .textDialog) {
                try actions.changeIncident(.assign(.commander, name: name), incidentID: incidentID)
            }
        case .addNote(let incidentID, let text):
            state.dialog = state.dialog?.showing("sending…")
            inFlight = ActionInFlight(kind: .textDialog) { try actions.addNote(incidentID: incidentID, text: text) }
        case .silence(let fingerprint, let duration, let reason):
            guard let seconds = DurationText.seconds(duration) else {
                state.dialog = state.dialog?.showing("'\(duration)' is not a duration like 30m, 2h or 1d")
                return
            }
            if let problem = SilenceRequest.problem(durationSeconds: seconds, reason: reason) {
                state.dialog = state.dialog?.showing(problem)
                return
            }
            state.dialog = state.dialog?.showing("sending to Alertmanager…")
            inFlight = ActionInFlight(kind: .textDialog) {
                try actions.silence(alertFingerprint: fingerprint, durationSeconds: seconds, reason: reason)
            }
        case .expireSilence(let fingerprint):
            show("expiring the silence…", success: true)
            inFlight = ActionInFlight(kind: .footer) { try actions.expireSilence(alertFingerprint: fingerprint) }
        case .pauseAutomation(let reason):
            state.dialog = state.dialog?.showing("sending…")
            inFlight = ActionInFlight(kind: .textDialog) { try actions.pauseAutomation(reason: reason, until: nil) }
        case .resumeAutomation:
            state.dialog = state.dialog?.showing("sending…")
            inFlight = ActionInFlight(kind: .textDialog) { try actions.resumeAutomation() }
        }
    }

    /// Shows what came of an action: recorded closes its dialog; a refusal
    /// stays in the dialog if it is still open; a failure to reach the agent is
    /// said in its words (whether anything may have been recorded included).
    func complete(_ kind: ActionInFlight.Kind, _ result: Result<ActionOutcome, Error>) {
        switch result {
        case .success(.recorded(let message, _)):
            if kind != .footer { state.dialog = nil }
            show(message, success: true)
        case .success(.refused(let refusal)):
            if kind == .decision, case .decision(var dialog) = state.dialog {
                dialog.message = refusal.reason
                dialog.messageIsError = true
                state.dialog = .decision(dialog)
            } else if kind == .textDialog, let dialog = state.dialog {
                state.dialog = dialog.showing(refusal.reason)
            } else {
                show("refused: \(refusal.reason)")
            }
        case .failure:
            if kind != .footer { state.dialog = nil }
            show(Self.words(result))
        }
    }

    func show(_ message: String, success: Bool = false) {
        notice = message
        noticeIsSuccess = success
        noticeUntil = 0
    }
}
