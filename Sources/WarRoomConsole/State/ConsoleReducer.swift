import WarRoomModel

/// What the runtime must do after an update.
public enum ConsoleEffect: Equatable, Sendable {
    case quit
    /// Re-read the cache now, even if `data_version` did not change.
    case refresh
    /// Check the confirmation against the step as it is now, then decide.
    case decide(planID: String, stepNumber: Int, decision: ApprovalDecision, typed: String, comment: String)
    case acknowledge(alertFingerprint: String)
    case addNote(incidentID: String, text: String)
    case changeIncident(incidentID: String, change: IncidentChange)
    /// Hand command to the typed user name (the runtime checks it is one).
    case handOver(incidentID: String, name: String)
    /// Silence in Alertmanager for the typed duration (the runtime reads it), with a reason.
    case silence(alertFingerprint: String, duration: String, reason: String)
    case expireSilence(alertFingerprint: String)
    case pauseAutomation(reason: String)
    case resumeAutomation
}

/// What the reducer needs to know of the data on screen.
public struct ReducerContext: Sendable {
    /// Rows each list screen has now, and how many fit: selection moves stay inside them.
    public var rowCounts: [ScreenID: Int]
    public var pageSize: Int
    /// The step selected on the Failover screen.
    public var selectedStep: (planID: String, number: Int)?
    public var selectedAlert: String?
    public var incidentID: String?
    /// The incident's status, for moving it on or back.
    public var incidentStatus: IncidentStatus?
    public var incidentSeverity: IncidentSeverity?
    /// Who is at the keyboard (the commander role goes to them).
    public var operatorName: String?
    /// Whether automatic failover is paused now; `nil` where the agent runs none.
    public var automationPaused: Bool?
    /// How far the open decision dialog's facts can scroll (0 when they fit).
    public var dialogScrollLimit: Int
    /// The screens shown now, in tab order (a screen with nothing to show in
    /// this deployment is skipped by Tab and by its number key).
    public var shownScreens: [ScreenID] = ScreenID.allCases

    public init(rowCounts: [ScreenID: Int] = [:], pageSize: Int = 10, selectedStep: (planID: String, number: Int)? = nil,
                selectedAlert: String? = nil, incidentID: String? = nil, dialogScrollLimit: Int = 0) {
        self.rowCounts = rowCounts
        self.pageSize = pageSize
        self.selectedStep = selectedStep
        self.selectedAlert = selectedAlert
        self.incidentID = incidentID
        self.dialogScrollLimit = dialogScrollLimit
    }
}

/// Something that happened to the console.
public enum ConsoleEvent: Equatable, Sendable {
    case key(Key)
}

/// The pure update function: `(state, event) -> (state, effects)`.
public struct ConsoleReducer: Sendable {
    public var keyMap: KeyMap

    public init(keyMap: KeyMap = .standard) {
        self.keyMap = keyMap
    }

    /// Shorthand for list-only updates (tests).
    public func update(_ state: UIState, _ event: ConsoleEvent, rowCounts: [ScreenID: Int] = [:],
                       pageSize: Int = 10) -> (UIState, [ConsoleEffect]) {
        update(state, event, context: ReducerContext(rowCounts: rowCounts, pageSize: pageSize))
    }

    /// The shown screen `step` tabs from `screen`, wrapping around.
    static func neighbour(of screen: ScreenID, in shown: [ScreenID], step: Int) -> ScreenID {
        guard !shown.isEmpty else { return screen }
        guard let index = shown.firstIndex(of: screen) else { return shown[0] }
        return shown[(index + step + shown.count) % shown.count]
    }

    public func update(_ state: UIState, _ event: ConsoleEvent, context: ReducerContext) -> (UIState, [ConsoleEffect]) {
        let rowCounts = context.rowCounts
        let pageSize = context.pageSize
        var state = state
        guard case .key(let key) = event else { return (state, []) }
        if key == .controlC {
            state.quitRequested = true
            return (state, [.quit])
        }
        if state.dialog != nil { return editDialog(state, key, context: context) }
        if state.isEditingFilter { return (editFilter(state, key), []) }
        if state.showHelp, key == .escape || key == .character("?") || key == .character("q") {
            state.showHelp = false
            return (state, [])
        }
        guard let action = keyMap.action(for: key, on: state.screen, readOnly: state.readOnly) else { return (state, []) }
        let rows = rowCounts[state.screen] ?? 0
        let current = min(state.selected(on: state.screen), max(0, rows - 1))
        switch action {
        case .quit:
            state.quitRequested = true
            return (state, [.quit])
        case .toggleHelp:
            state.showHelp.toggle()
        case .nextScreen:
            state.screen = Self.neighbour(of: state.screen, in: context.shownScreens, step: 1)
        case .previousScreen:
            state.screen = Self.neighbour(of: state.screen, in: context.shownScreens, step: -1)
        case .show(let screen):
            guard context.shownScreens.contains(screen) else { return (state, []) }
            state.screen = screen
        case .moveDown:
            state.selection[state.screen] = min(max(0, rows - 1), current + 1)
        case .moveUp:
            state.selection[state.screen] = max(0, current - 1)
        case .pageDown:
            state.selection[state.screen] = min(max(0, rows - 1), current + max(1, pageSize))
        case .pageUp:
            state.selection[state.screen] = max(0, current - max(1, pageSize))
        case .top:
            state.selection[state.screen] = 0
        case .bottom:
            state.selection[state.screen] = max(0, rows - 1)
        case .startFilter:
            state.isEditingFilter = true
        case .clearFilter:
            state.showHelp = false
            state.filter[state.screen] = nil
        case .cycleLinkOrder:
            state.linkOrder = state.linkOrder.next
            state.selection[.replication] = 0
        case .toggleTimelineOrder:
            state.timelineNewestFirst.toggle()
            state.selection[.incident] = 0
        case .toggleAlertDetail:
            state.showAlertDetail.toggle()
        case .refresh:
            return (state, [.refresh])
        case .approveStep, .rejectStep:
            guard let step = context.selectedStep else { return (state, []) }
            state.dialog = .decision(DecisionDialog(planID: step.planID, stepNumber: step.number,
                                                    decision: action == .approveStep ? .approved : .rejected))
        case .acknowledgeAlert:
            guard let fingerprint = context.selectedAlert else { return (state, []) }
            return (state, [.acknowledge(alertFingerprint: fingerprint)])
        case .takeCommand:
            guard let incident = context.incidentID, let name = context.operatorName else { return (state, []) }
            return (state, [.changeIncident(incidentID: incident, change: .assign(.commander, name: name))])
        case .handOverCommand:
            guard let incident = context.incidentID else { return (state, []) }
            state.dialog = .handOver(HandOverDialog(incidentID: incident))
        case .raiseSeverity, .lowerSeverity:
            // SEV1 is the first case: raising moves towards it.
            guard let incident = context.incidentID, let severity = context.incidentSeverity,
                  let index = IncidentSeverity.allCases.firstIndex(of: severity) else { return (state, []) }
            // At either end the unchanged severity is asked for: the refusal says why nothing moved.
            let all = IncidentSeverity.allCases
            let moved = max(0, min(all.count - 1, index + (action == .raiseSeverity ? -1 : 1)))
            return (state, [.changeIncident(incidentID: incident, change: .severity(all[moved]))])
        case .reopenIncident:
            guard let incident = context.incidentID, context.incidentStatus == .resolved else { return (state, []) }
            return (state, [.changeIncident(incidentID: incident, change: .reopen)])
        case .advanceIncident, .stepBackIncident:
            guard let incident = context.incidentID, let status = context.incidentStatus,
                  let index = IncidentStatus.allCases.firstIndex(of: status) else { return (state, []) }
            let all = IncidentStatus.allCases
            let moved = max(0, min(all.count - 1, index + (action == .advanceIncident ? 1 : -1)))
            return (state, [.changeIncident(incidentID: incident, change: .status(all[moved]))])
        case .addNote:
            guard let incident = context.incidentID else { return (state, []) }
            state.dialog = .note(NoteDialog(incidentID: incident))
        case .silenceAlert:
            guard let fingerprint = context.selectedAlert else { return (state, []) }
            state.dialog = .silence(SilenceDialog(alertFingerprint: fingerprint))
        case .expireSilence:
            guard let fingerprint = context.selectedAlert else { return (state, []) }
            return (state, [.expireSilence(alertFingerprint: fingerprint)])
        case .pauseOrResumeAutomation:
            // Where the agent runs no automation the pause is asked for all the same: its refusal says why.
            state.dialog = .automation(AutomationDialog(resuming: context.automationPaused == true))
        }
        return (state, [])
    }

    /// Keys while a dialog is open: text into its field, Tab between fields,
    /// Enter submits (the runtime checks the confirmation), Esc closes it.
    private func editDialog(_ state: UIState, _ key: Key, context: ReducerContext) -> (UIState, [ConsoleEffect]) {
        var state = state
        switch state.dialog {
        case .decision(var dialog):
            switch key {
            case .escape:
                state.dialog = nil
                return (state, [])
            case .tab, .backTab:
                dialog.field = dialog.field == .confirmation ? .comment : .confirmation
            case .up, .down, .pageUp, .pageDown, .home, .end:
                // Scrolls the facts; the fields keep what was typed, so nothing is lost.
                let step = key == .pageUp || key == .pageDown ? max(1, context.pageSize) : 1
                let moved = switch key {
                case .up, .pageUp: dialog.scroll - step
                case .down, .pageDown: dialog.scroll + step
                case .home: 0
                default: context.dialogScrollLimit
                }
                dialog.scroll = max(0, min(context.dialogScrollLimit, moved))
                state.dialog = .decision(dialog)
                return (state, [])
            case .enter:
                state.dialog = .decision(dialog)
                return (state, [.decide(planID: dialog.planID, stepNumber: dialog.stepNumber, decision: dialog.decision,
                                        typed: dialog.confirmation, comment: dialog.comment)])
            case .backspace:
                if dialog.field == .confirmation { _ = dialog.confirmation.popLast() } else { _ = dialog.comment.popLast() }
            case .character(let character):
                if dialog.field == .confirmation, dialog.confirmation.count < 32 { dialog.confirmation.append(character) }
                if dialog.field == .comment, dialog.comment.count < 500 { dialog.comment.append(character) }
            default:
                break
            }
            dialog.message = nil
            state.dialog = .decision(dialog)
        case .note(var dialog):
            switch Self.edit(&dialog.text, key, limit: 2000) {
            case .cancel: state.dialog = nil
            case .submit: return (state, [.addNote(incidentID: dialog.incidentID, text: dialog.text)])
            case .edited:
                dialog.message = nil
                state.dialog = .note(dialog)
            }
        case .handOver(var dialog):
            switch Self.edit(&dialog.name, key, limit: 64) {
            case .cancel: state.dialog = nil
            case .submit: return (state, [.handOver(incidentID: dialog.incidentID, name: dialog.name)])
            case .edited:
                dialog.message = nil
                state.dialog = .handOver(dialog)
            }
        case .automation(let dialog) where dialog.resuming:
            // Resuming has nothing to type: Enter confirms, Esc keeps it paused.
            switch key {
            case .escape: state.dialog = nil
            case .enter: return (state, [.resumeAutomation])
            default: break
            }
        case .automation(var dialog):
            switch Self.edit(&dialog.reason, key, limit: 500) {
            case .cancel: state.dialog = nil
            case .submit: return (state, [.pauseAutomation(reason: dialog.reason)])
            case .edited:
                dialog.message = nil
                state.dialog = .automation(dialog)
            }
        case .silence(var dialog):
            switch key {
            case .escape:
                state.dialog = nil
                return (state, [])
            case .tab, .backTab:
                dialog.field = dialog.field == .duration ? .reason : .duration
            case .enter:
                return (state, [.silence(alertFingerprint: dialog.alertFingerprint, duration: dialog.duration, reason: dialog.reason)])
            case .backspace:
                if dialog.field == .duration { _ = dialog.duration.popLast() } else { _ = dialog.reason.popLast() }
            case .character(let character):
                if dialog.field == .duration, dialog.duration.count < 8 { dialog.duration.append(character) }
                if dialog.field == .reason, dialog.reason.count < 500 { dialog.reason.append(character) }
            default:
                break
            }
            dialog.message = nil
            state.dialog = .silence(dialog)
        case nil:
            break
        }
        return (state, [])
    }

    private enum TextEdit { case cancel, submit, edited }

    /// A key in a dialog's one text field: Esc cancels, Enter submits, the rest edits (up to `limit` characters).
    private static func edit(_ text: inout String, _ key: Key, limit: Int) -> TextEdit {
        switch key {
        case .escape: return .cancel
        case .enter: return .submit
        case .backspace: _ = text.popLast()
        case .character(let character) where text.count < limit: text.append(character)
        default: break
        }
        return .edited
    }

    /// Keys while typing a filter: text goes into it, Enter keeps it, Esc drops it.
    private func editFilter(_ state: UIState, _ key: Key) -> UIState {
        var state = state
        var text = state.filterText(on: state.screen)
        switch key {
        case .enter:
            state.isEditingFilter = false
        case .escape:
            state.isEditingFilter = false
            text = ""
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let character) where !character.isNewline && text.count < 64:
            text.append(character)
        default:
            break
        }
        state.filter[state.screen] = text.isEmpty ? nil : text
        state.selection[state.screen] = 0
        return state
    }
}
