import Foundation
import WarRoomModel

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
