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
    /// - parameter previous: the snapshot read last, handed back so what did
    ///   not change need not be copied; `nil` after a read that succeeds, as
    ///   it was when the read fails.
    func read(lists: ListNeeds, replacing previous: inout CacheSnapshot?) throws -> CacheSnapshot
    /// The last `limit` samples behind the sparklines of these links and sites.
    func history(links: Set<String>, sites: Set<String>, limit: Int) throws -> SparklineHistory
}

/// Set from signal handlers; the loop gives the terminal back when it is not 0.
nonisolated(unsafe) private var pendingTerminationSignal: Int32 = 0

/// The console's loop: wait for a key (never longer than the next refresh or
/// clock tick), look at `data_version`, re-read only when it changed, render,
/// and draw only when the frame differs. Idle means asleep in `get_wch`.
public final class ConsoleRuntime {
    let source: ConsoleDataSource
    /// How operator actions are carried out; `nil` makes the console read-only.
    let actions: OperatorActions?
    /// Tells the agent what this console shows; `nil` for a read-only console.
    let presence: PresenceReporter?
    let terminal: TerminalScreen
    let glyphs: Glyphs
    let options: ConsoleOptions
    let reducer = ConsoleReducer()
    let now: () -> EpochMillis
    /// Milliseconds on a clock that never steps: the loop's pacing (data
    /// checks, the typing pause). A wall clock stepped back an hour must not
    /// stop the console reading for an hour.
    let steady: () -> EpochMillis

    public internal(set) var state: UIState
    var snapshot: CacheSnapshot?
    /// The context drawn from `snapshot`, with its lookups and sorted lists:
    /// built again only when a new snapshot is read, not at every frame.
    var snapshotContext: ConsoleContext?
    var cacheProblem: String?
    /// The newest escalation seen; the bell rings for newer ones only (what
    /// is on the record at the first read does not ring).
    var escalationSeen: EpochMillis?
    var hasRead = false
    var lastToken: Int?
    /// The sparklines read for the current snapshot; `nil` after a new read.
    var loadedHistory: SparklineNeeds?
    /// The view the sparkline needs were last worked out for.
    var historyView: HistoryView?
    struct HistoryView: Equatable {
        var state: UIState
        var width: Int
        var height: Int
    }
    var lastFrame: Frame?
    var lastInputs: FrameInputs?
    /// Counts the snapshots read and the histories attached: a new one makes a new frame.
    var reads = 0
    /// When the last key came: a filter being typed is read once typing pauses.
    var lastKeyAt: EpochMillis = 0
    private static let typingPauseMilliseconds = 200
    var notice: String?
    var noticeIsSuccess = false
    var noticeUntil: EpochMillis = 0
    /// The operator action being carried out, if any: sent off the loop, so
    /// keys, screens and refreshes go on while the agent answers.
    var inFlight: ActionInFlight?
    /// What came of an action still on its way when the console was left:
    /// the launcher says it once the terminal is back, so no answer is lost.
    public private(set) var outcomeAfterExit: String?

    public init(source: ConsoleDataSource, actions: OperatorActions? = nil, terminal: TerminalScreen, glyphs: Glyphs,
                options: ConsoleOptions, now: @escaping () -> EpochMillis,
                steady: @escaping () -> EpochMillis = ConsoleRuntime.monotonicMilliseconds) {
        self.source = source
        self.actions = options.readOnly ? nil : actions
        presence = self.actions.map { PresenceReporter(actions: $0) }
        self.terminal = terminal
        self.glyphs = glyphs
        self.options = options
        self.now = now
        self.steady = steady
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
        let refresh = EpochMillis(max(1, options.refreshMilliseconds))
        while pendingTerminationSignal == 0 && !state.quitRequested {
            let wallNow = now()
            let early = Self.tolerance(refresh)
            if forceRead || steady() - lastCheck >= refresh - early {
                refreshData(force: forceRead)
                // Checks keep to a grid on the wall clock's seconds, so the repaint for a new second
                // and the one for new data are one render, not two.
                lastCheck = steady() - Self.gridOffset(wallNow, period: refresh, early: early)
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
                let typing = Int(steady() - lastKeyAt)
                if state.isEditingFilter, typing < Self.typingPauseMilliseconds {
                    untilTyped = Self.typingPauseMilliseconds - typing
                } else {
                    refreshData(force: true)
                }
            }
            if snapshot != nil, cacheProblem == nil { try? readHistoryIfNeeded() }
            presence?.note(state, steadyNow: steady())
            // Drawn at the whole second: every "N s ago", the clock and the RTO
            // countdown then change together, in one repaint a second, not two.
            drawIfChanged(wallNow: Self.shownSecond(wallNow, early: early))
            // Sleep until a key, the next data check or the next clock second, whichever is first
            // (and look often while an action is on its way).
            // (Woken for either on time, the other is taken too when it is due within `early`.)
            let untilRefresh = Int(refresh - (steady() - lastCheck))
            let untilSecond = Int(1000 - Self.gridOffset(now(), period: 1000, early: early))
            let untilAnswer = inFlight == nil ? Int.max : 50
            let timeout = max(10, min(untilRefresh, untilSecond, untilAnswer, untilTyped))
            guard let input = terminal.nextInput(timeoutMilliseconds: timeout) else {
                continue
            }
            switch input {
            case .resize:
                lastFrame = nil
            case .key(let key):
                lastKeyAt = steady()
                let context = makeContext(wallNow: now())
                let (newState, effects) = reducer.update(state, .key(key), context: reducerContext(context))
                state = newState
                for effect in effects where effect != .quit {
                    perform(effect, context: context)
                    forceRead = true
                }
            }
        }
        presence?.leave(state, seconds: pendingTerminationSignal == 0 ? 1 : 0.2)
        if let inFlight {
            // Leaving with q waits for the answer; a signal does not hold the exit up.
            let waited = pendingTerminationSignal == 0 ? 6.0 : 0
            outcomeAfterExit = inFlight.waitForResult(seconds: waited).map(Self.words)
                ?? "an action was still on its way when the console stopped; look before you try again"
        }
    }

    /// How far past a whole second the loop wakes to repaint it: never just before it.
    static let secondOffset: EpochMillis = 5

    /// How early a data check or a new second may be taken: the wall and the
    /// steady clock are read a moment apart, and without it the wake for one
    /// came a millisecond before the other was due, so a second's repaint
    /// and new data made two renders, not one.
    static func tolerance(_ refresh: EpochMillis) -> EpochMillis {
        min(15, refresh / 4)
    }

    /// How far `wall` is past the last instant of a grid every `period` on
    /// the wall clock's seconds (plus ``secondOffset``); within `early` of the
    /// next instant, it counts as on it (the offset is then negative).
    static func gridOffset(_ wall: EpochMillis, period: EpochMillis, early: EpochMillis) -> EpochMillis {
        let offset = (wall - secondOffset).modulo(period)
        return offset >= period - early ? offset - period : offset
    }

    /// The whole second a frame drawn at `wall` shows: the next one from `early` before it is due.
    static func shownSecond(_ wall: EpochMillis, early: EpochMillis) -> EpochMillis {
        let shifted = wall - secondOffset + early
        return shifted - shifted.modulo(1000)
    }

    /// Milliseconds since boot on the monotonic clock.
    public static func monotonicMilliseconds() -> EpochMillis {
        EpochMillis(clamping: DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }

    static func words(_ result: Result<ActionOutcome, Error>) -> String {
        switch result {
        case .success(.recorded(let message, _)): message
        case .success(.refused(let refusal)): "refused: \(refusal.reason)"
        case .failure(let error): "the action failed: \(error)"
        }
    }

    func makeContext(wallNow: EpochMillis) -> ConsoleContext {
        let made = snapshotContext ?? ConsoleContext(snapshot: snapshot, wallNow: wallNow, clock: options.clock, glyphs: glyphs,
                                                     operatorName: options.operatorName)
        snapshotContext = made
        var context = made
        context.wallNow = wallNow
        context.cacheProblem = cacheProblem
        context.notice = notice
        context.noticeIsSuccess = noticeIsSuccess
        context.operatorGroups = actions?.identity.groups ?? []
        context.consoleID = presence?.consoleID
        return context
    }

    func drawIfChanged(wallNow: EpochMillis) {
        if notice != nil, noticeUntil == 0 { noticeUntil = wallNow + 10_000 }
        if notice != nil, wallNow > noticeUntil { notice = nil }
        // Nothing a frame is made of changed since the last one: no render at all (a wake for a
        // data check that found nothing new, a key that moved nothing).
        let inputs = FrameInputs(reads: reads, state: state, width: terminal.width, height: terminal.height, wallNow: wallNow,
                                 notice: notice, noticeIsSuccess: noticeIsSuccess, cacheProblem: cacheProblem)
        guard inputs != lastInputs || lastFrame == nil else { return }
        lastInputs = inputs
        let frame = ConsoleView.render(makeContext(wallNow: wallNow), state: state, width: terminal.width,
                                       height: terminal.height)
        guard frame != lastFrame else { return }
        terminal.draw(frame)
        lastFrame = frame
    }

    /// Everything a frame is rendered from, but the snapshot itself, which
    /// `reads` stands for (it counts every read and sparkline attach).
    struct FrameInputs: Equatable {
        var reads: Int
        var state: UIState
        var width: Int
        var height: Int
        var wallNow: EpochMillis
        var notice: String?
        var noticeIsSuccess: Bool
        var cacheProblem: String?
    }
}

private extension Int64 {
    /// The remainder of a floored division: never negative for a positive divisor.
    func modulo(_ divisor: Int64) -> Int64 {
        ((self % divisor) + divisor) % divisor
    }
}
