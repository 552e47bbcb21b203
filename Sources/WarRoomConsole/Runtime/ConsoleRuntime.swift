import Foundation
import WarRoomModel
import WarRoomReports

/// Where the console's data comes from: the cache, read-only. (The
/// executable wires the store's reader in; the console knows only this.)
public protocol ConsoleDataSource: AnyObject {
    /// Changes whenever the agent commits (`PRAGMA data_version`).
    func changeToken() throws -> Int
    /// One consistent snapshot with the windows of the long lists `lists`
    /// asks for, without the history behind sparklines.
    func read(lists: ListNeeds) throws -> CacheSnapshot
    /// The last `limit` samples behind the sparklines of these links and sites.
    func history(links: Set<String>, sites: Set<String>, limit: Int) throws -> SparklineHistory
}

/// How the console runs.
public struct ConsoleOptions: Sendable {
    /// How often to look for new data, in milliseconds (a wall may want 5000).
    public var refreshMilliseconds: Int = 500
    public var readOnly = false
    public var kiosk = false
    /// Ring the terminal bell when an incident escalates while the console runs.
    public var bell = false
    public var clock: ClockText = .utc
    public var operatorName = "unknown"
    /// A message to show in the footer at start (e.g. a theme problem).
    public var notice: String?

    public init() {}
}

/// Set from signal handlers; the loop gives the terminal back when it is not 0.
nonisolated(unsafe) private var pendingTerminationSignal: Int32 = 0

/// The console's loop: wait for a key (never longer than the next refresh or
/// clock tick), look at `data_version`, re-read only when it changed, render,
/// and draw only when the frame differs. Idle means asleep in `get_wch`.
public final class ConsoleRuntime {
    private let source: ConsoleDataSource
    /// How operator actions are carried out; `nil` makes the console read-only.
    private let actions: OperatorActions?
    private let terminal: TerminalScreen
    private let glyphs: Glyphs
    private let options: ConsoleOptions
    private let reducer = ConsoleReducer()
    private let now: () -> EpochMillis

    public private(set) var state: UIState
    private var snapshot: CacheSnapshot?
    /// The context drawn from `snapshot`, with its lookups and sorted lists:
    /// built again only when a new snapshot is read, not at every frame.
    private var snapshotContext: ConsoleContext?
    private var cacheProblem: String?
    /// The newest escalation seen; the bell rings for newer ones only (what
    /// is on the record at the first read does not ring).
    private var escalationSeen: EpochMillis?
    private var hasRead = false
    private var lastToken: Int?
    /// The sparklines read for the current snapshot; `nil` after a new read.
    private var loadedHistory: SparklineNeeds?
    /// The view the sparkline needs were last worked out for.
    private var historyView: HistoryView?
    private struct HistoryView: Equatable {
        var state: UIState
        var width: Int
        var height: Int
    }
    private var lastFrame: Frame?
    /// When the last key came: a filter being typed is read once typing pauses.
    private var lastKeyAt: EpochMillis = 0
    private static let typingPauseMilliseconds = 200
    private var notice: String?
    private var noticeIsSuccess = false
    private var noticeUntil: EpochMillis = 0
    /// The operator action being carried out, if any: sent off the loop, so
    /// keys, screens and refreshes go on while the agent answers.
    private var inFlight: ActionInFlight?
    /// What came of an action still on its way when the console was left:
    /// the launcher says it once the terminal is back, so no answer is lost.
    public private(set) var outcomeAfterExit: String?

    public init(source: ConsoleDataSource, actions: OperatorActions? = nil, terminal: TerminalScreen, glyphs: Glyphs,
                options: ConsoleOptions, now: @escaping () -> EpochMillis) {
        self.source = source
        self.actions = options.readOnly ? nil : actions
        self.terminal = terminal
        self.glyphs = glyphs
        self.options = options
        self.now = now
        state = UIState(readOnly: options.readOnly || actions == nil, kiosk: options.kiosk)
        notice = options.notice
    }

    /// Makes SIGINT, SIGTERM and SIGHUP (an SSH link dropping) end the loop
    /// cleanly, so the terminal is always given back. Call before starting ncurses.
    public static func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in pendingTerminationSignal = received }
        }
    }

    /// The signal that ended the loop, if one did.
    public static var terminationSignal: Int32 { pendingTerminationSignal }

    /// Runs until `q`, Ctrl-C or a termination signal; restores the terminal.
    public func run() {
        defer { terminal.restore() }
        var lastCheck: EpochMillis = 0
        var forceRead = true
        while pendingTerminationSignal == 0 && !state.quitRequested {
            let wallNow = now()
            if forceRead || wallNow - lastCheck >= EpochMillis(options.refreshMilliseconds) {
                refreshData(force: forceRead)
                lastCheck = wallNow
                forceRead = false
            }
            if let inFlight, let result = inFlight.result {
                self.inFlight = nil
                complete(inFlight.kind, result)
                forceRead = true
            }
            // A screen, cursor or filter moved since the read may show rows or sparklines not read yet.
            // While a filter is being typed, the cache is asked once the typing pauses, not at every key.
            var untilTyped = Int.max
            if let snapshot, cacheProblem == nil, !ListNeeds.areHeld(by: snapshot, state: state, height: terminal.height) {
                let typing = Int(now() - lastKeyAt)
                if state.isEditingFilter, typing < Self.typingPauseMilliseconds {
                    untilTyped = Self.typingPauseMilliseconds - typing
                } else {
                    refreshData(force: true)
                }
            }
            if snapshot != nil, cacheProblem == nil { try? readHistoryIfNeeded() }
            // Drawn at the whole second: every "N s ago", the clock and the RTO
            // countdown then change together, in one repaint a second, not two.
            drawIfChanged(wallNow: wallNow / 1000 * 1000)
            // Sleep until a key, the next data check or the next clock second, whichever is first
            // (and look often while an action is on its way).
            let untilRefresh = Int(EpochMillis(options.refreshMilliseconds) - (now() - lastCheck))
            let untilSecond = 1000 - Int(now() % 1000) + 5
            let untilAnswer = inFlight == nil ? Int.max : 50
            let timeout = max(10, min(untilRefresh, untilSecond, untilAnswer, untilTyped))
            guard let input = terminal.nextInput(timeoutMilliseconds: timeout) else {
                continue
            }
            switch input {
            case .resize:
                lastFrame = nil
            case .key(let key):
                lastKeyAt = now()
                let context = makeContext(wallNow: now())
                let (newState, effects) = reducer.update(state, .key(key), context: reducerContext(context))
                state = newState
                for effect in effects where effect != .quit {
                    perform(effect, context: context)
                    forceRead = true
                }
            }
        }
        if let inFlight {
            // Leaving with q waits for the answer; a signal does not hold the exit up.
            let waited = pendingTerminationSignal == 0 ? 6.0 : 0
            outcomeAfterExit = inFlight.waitForResult(seconds: waited).map(Self.words)
                ?? "an action was still on its way when the console stopped; look before you try again"
        }
    }

    private static func words(_ result: Result<ActionOutcome, Error>) -> String {
        switch result {
        case .success(.recorded(let message, _)): message
        case .success(.refused(let refusal)): "refused: \(refusal.reason)"
        case .failure(let error): "the action failed: \(error)"
        }
    }

    private func refreshData(force: Bool) {
        do {
            let token = try source.changeToken()
            if force || token != lastToken || snapshot == nil {
                snapshot = try source.read(lists: ListNeeds.of(state, height: terminal.height))
                ringIfEscalated()
                snapshotContext = nil
                lastToken = token
                loadedHistory = nil
            }
            try readHistoryIfNeeded()
            cacheProblem = nil
        } catch {
            cacheProblem = String(describing: error)
        }
    }

    private func ringIfEscalated() {
        let newest = snapshot?.openIncidents.compactMap(\.escalatedAt).max()
        if options.bell, hasRead, let newest, newest > escalationSeen ?? .min { terminal.bell() }
        if let newest { escalationSeen = max(newest, escalationSeen ?? newest) }
        hasRead = true
    }

    /// Reads the sparklines the screen on view draws, when the data changed or
    /// the view moved past what was read.
    private func readHistoryIfNeeded() throws {
        guard snapshot != nil else { return }
        // Working out the needs sorts the links: only when the view moved since (a new read clears loadedHistory).
        let view = HistoryView(state: state, width: terminal.width, height: terminal.height)
        if loadedHistory != nil, view == historyView { return }
        historyView = view
        let needs = SparklineNeeds.of(makeContext(wallNow: now()), state: state, width: terminal.width, height: terminal.height)
        if let loadedHistory, loadedHistory.covers(needs) { return }
        let history = try source.history(links: needs.links, sites: needs.sites, limit: needs.samples)
        snapshot?.lagHistory = history.lag
        snapshot?.latencyHistory = history.latency
        snapshotContext?.attach(history)
        loadedHistory = needs
    }

    /// What the reducer needs to know of the screen: list sizes and what is selected.
    private func reducerContext(_ context: ConsoleContext) -> ReducerContext {
        let steps = ScreenLists.steps(context)
        let alerts = ScreenLists.alerts(context)
        let step = steps.isEmpty ? nil : steps[min(state.selected(on: .failover), steps.count - 1)]
        let alert = alerts.total == 0 ? nil : alerts[min(state.selected(on: .alerts), alerts.total - 1)]
        let rowCounts: [ScreenID: Int] = [
            .replication: ScreenLists.links(context, order: state.linkOrder, filter: state.filterText(on: .replication)).count,
            .alerts: alerts.total,
            .incident: ScreenLists.timeline(context).total,
            .failover: steps.count,
            .drills: context.snapshot?.drills?.count ?? 0,
        ]
        var reducerContext = ReducerContext(rowCounts: rowCounts, pageSize: max(1, terminal.height - 8),
                                            selectedStep: step.map { ($0.plan.id, $0.step.number) },
                                            selectedAlert: alert?.fingerprint, incidentID: context.snapshot?.shownIncident?.id)
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
           let content = DialogView(context: context, dialog: .decision(dialog)).decisionContent(dialog) {
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
    private func perform(_ effect: ConsoleEffect, context: ConsoleContext) {
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
    private func complete(_ kind: ActionInFlight.Kind, _ result: Result<ActionOutcome, Error>) {
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

    private func show(_ message: String, success: Bool = false) {
        notice = message
        noticeIsSuccess = success
        noticeUntil = 0
    }

    private func makeContext(wallNow: EpochMillis) -> ConsoleContext {
        let made = snapshotContext ?? ConsoleContext(snapshot: snapshot, wallNow: wallNow, clock: options.clock, glyphs: glyphs,
                                                     operatorName: options.operatorName)
        snapshotContext = made
        var context = made
        context.wallNow = wallNow
        context.cacheProblem = cacheProblem
        context.notice = notice
        context.noticeIsSuccess = noticeIsSuccess
        context.operatorGroups = actions?.identity.groups ?? []
        return context
    }

    private func drawIfChanged(wallNow: EpochMillis) {
        if notice != nil, noticeUntil == 0 { noticeUntil = wallNow + 10_000 }
        if notice != nil, wallNow > noticeUntil { notice = nil }
        let frame = ConsoleView.render(makeContext(wallNow: wallNow), state: state, width: terminal.width,
                                       height: terminal.height)
        guard frame != lastFrame else { return }
        terminal.draw(frame)
        lastFrame = frame
    }
}

/// An operator action on its way to being recorded, run on its own thread.
final class ActionInFlight: @unchecked Sendable {
    /// Where its answer goes: the decision dialog, the note or silence dialog, or the footer.
    enum Kind { case decision, textDialog, footer }

    let kind: Kind
    private let lock = NSLock()
    private var stored: Result<ActionOutcome, Error>?
    private let answered = DispatchSemaphore(value: 0)

    init(kind: Kind, _ action: @escaping @Sendable () throws -> ActionOutcome) {
        self.kind = kind
        Thread { [self] in
            let result = Result { try action() }
            lock.withLock { stored = result }
            answered.signal()
        }.start()
    }

    var result: Result<ActionOutcome, Error>? { lock.withLock { stored } }

    /// The result, waiting for it at most `seconds`.
    func waitForResult(seconds: Double) -> Result<ActionOutcome, Error>? {
        if let result { return result }
        _ = answered.wait(timeout: .now() + seconds)
        return result
    }
}
