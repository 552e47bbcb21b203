import Dispatch
import Foundation
import WarRoomOperators
import WarRoomModel

/// Silences are made and expired in Alertmanager, which may be slow or hung
/// (SIGSTOP) for as long as its timeout. They run here, one at a time, off the
/// connection's thread: the connection waits a short while for the answer,
/// then is told the request goes on and is let go, so an operator's
/// connection slots are never held by Alertmanager while an approval waits.
/// What comes of the request is recorded when Alertmanager answers (or its
/// timeout passes), in the audit log as every action is.
final class AlertmanagerErrands: @unchecked Sendable {
    private let queue = DispatchQueue(label: "warroom.alertmanager-errands")
    private let lock = NSLock()
    private var waiting = 0
    private let answerWithinSeconds: Double
    private let mostWaiting: Int

    init(answerWithinSeconds: Double, mostWaiting: Int) {
        self.answerWithinSeconds = answerWithinSeconds
        self.mostWaiting = mostWaiting
    }

    /// Runs `work` (a silence or its expiry, `what` in words) and answers with
    /// its outcome, or, when Alertmanager takes longer than the wait, with
    /// where the outcome will be.
    func run(_ what: String, recordedAs actor: String,
             _ work: @escaping @Sendable () -> OperatorResponse) -> OperatorResponse {
        let admitted = lock.withLock { () -> Bool in
            guard waiting < mostWaiting else { return false }
            waiting += 1
            return true
        }
        guard admitted else {
            return OperatorResponse(.refused(ActionRefusal(
                "\(mostWaiting) requests already wait for Alertmanager, which is not answering; nothing was asked of it: try again once it answers")),
                                    recordedAs: actor)
        }
        let answer = Answer()
        queue.async { [self] in
            let response = work()
            lock.withLock { waiting -= 1 }
            answer.give(response)
        }
        if let response = answer.take(within: answerWithinSeconds) { return response }
        return OperatorResponse(.recorded(
            message: "Alertmanager has not answered within \(Format.seconds(answerWithinSeconds)); the \(what) goes on: whether it was made, or why not, will be in `warroom audit log`",
            stepState: nil), recordedAs: actor)
    }

    /// One response handed from the errand to the waiting connection.
    private final class Answer: @unchecked Sendable {
        private let ready = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var response: OperatorResponse?

        func give(_ response: OperatorResponse) {
            lock.withLock { self.response = response }
            ready.signal()
        }

        func take(within seconds: Double) -> OperatorResponse? {
            guard ready.wait(timeout: .now() + seconds) == .success else { return nil }
            return lock.withLock { response }
        }
    }
}
