import Foundation
import WarRoomModel

/// Tells this console's agent what it shows (``ConsoleReport``), off the
/// loop: at each change of screen or open dialog, and every
/// ``ConsolePresence/reportSeconds`` while nothing changes, so the others
/// see it as long as it runs. One report at a time; a report the agent does
/// not take is dropped (presence is information: it never holds anything up).
final class PresenceReporter: @unchecked Sendable {
    let consoleID: String
    private let host: String
    private let actions: OperatorActions
    private let queue = DispatchQueue(label: "warroom.console.presence")
    private let lock = NSLock()
    private var sending = false
    private var lastSent: ConsoleReport?
    private var lastSentAt: EpochMillis = .min

    init(actions: OperatorActions, host: String = ProcessInfo.processInfo.hostName,
         consoleID: String = "\(ProcessInfo.processInfo.hostName):\(getpid())") {
        self.actions = actions
        self.host = host
        self.consoleID = consoleID
    }

    /// What `state` shows, as a report.
    func report(for state: UIState, leaving: Bool = false) -> ConsoleReport {
        var confirming: ConfirmingStep?
        if case .decision(let dialog)? = state.dialog {
            confirming = ConfirmingStep(planID: dialog.planID, stepNumber: dialog.stepNumber, decision: dialog.decision)
        }
        return ConsoleReport(consoleID: consoleID, host: host, screen: state.screen.title, confirming: confirming, leaving: leaving)
    }

    /// Sends what `state` shows if it changed, or if the last report is due again (`steadyNow`: a clock that never steps).
    func note(_ state: UIState, steadyNow: EpochMillis) {
        let report = report(for: state)
        let due = lock.withLock { () -> Bool in
            guard !sending, report != lastSent || steadyNow - lastSentAt >= EpochMillis(ConsolePresence.reportSeconds * 1000)
            else { return false }
            sending = true
            lastSent = report
            lastSentAt = steadyNow
            return true
        }
        guard due else { return }
        queue.async { [self] in
            try? actions.reportPresence(report)
            lock.withLock { sending = false }
        }
    }

    /// Says the console is leaving, waiting at most `seconds` for the agent.
    func leave(_ state: UIState, seconds: Double) {
        let report = report(for: state, leaving: true)
        let done = DispatchSemaphore(value: 0)
        queue.async { [actions] in
            try? actions.reportPresence(report)
            done.signal()
        }
        _ = done.wait(timeout: .now() + seconds)
    }
}
