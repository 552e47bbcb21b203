import Foundation
import WarRoomModel

/// One request on the agent's socket: newline-delimited JSON, one per line.
package struct OperatorRequest: Codable {
    package enum Action: String, Codable { case decide, acknowledge, note, incident, openIncident, drill, pause, resume, silence, unsilence, presence }

    package var action: Action
    package var planID: String?
    package var stepNumber: Int?
    package var decision: ApprovalDecision?
    package var comment: String?
    package var preflightFacts: String?
    package var runbookHash: String?
    package var overridePreflight: Bool?
    package var alertFingerprint: String?
    package var incidentID: String?
    package var text: String?
    /// When a pause ends (agent clock); `nil` pauses until resumed.
    package var until: EpochMillis?
    /// How long a silence lasts.
    package var durationSeconds: Double?
    /// What to change of the incident.
    package var incidentChange: IncidentChange?
    /// The incident to open.
    package var incidentDeclaration: IncidentDeclaration?
    /// The drill to start, and whether it runs no step at all.
    package var drillScenario: DrillScenario?
    package var dryRun: Bool?
    /// What the client says about where it is (`ssh 203.0.113.7`); recorded as reported.
    package var origin: String?
    /// What a console says it shows (a presence report).
    package var consoleReport: ConsoleReport?
}

/// The agent's answer to one request.
package struct OperatorResponse: Codable {
    package var recorded: Bool
    package var message: String
    package var stepState: StepState?
    /// The identity the agent recorded the action as (from the kernel).
    package var recordedAs: String?

    package init(_ outcome: ActionOutcome, recordedAs: String?) {
        switch outcome {
        case .recorded(let message, let state):
            self.recorded = true
            self.message = message
            self.stepState = state
        case .refused(let refusal):
            self.recorded = false
            self.message = refusal.reason
        }
        self.recordedAs = recordedAs
    }

    package var outcome: ActionOutcome {
        recorded ? .recorded(message: message, stepState: stepState) : .refused(ActionRefusal(message))
    }
}

/// Line-at-a-time reads and whole writes on a socket descriptor.
package enum SocketIO {
    package static let maxLine = 256 * 1024

    /// Beside the cache (`CACHE.sock`), but the packaged agent's in `/run/warroom`.
    package static func socketPath(forCache cachePath: String) -> String {
        cachePath == PackagedAgent.cache ? PackagedAgent.socket : cachePath + ".sock"
    }

    package static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SocketError("\(path): socket path too long for a Unix socket (\(bytes.count) bytes)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    package static func writeLine(_ fd: Int32, _ data: Data) throws {
        var payload = data
        payload.append(0x0A)
        try payload.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw SocketError("write: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }
}

/// Why talking to the agent's socket failed, in words for the operator.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Nothing reached the agent: nothing was recorded.
        case absent, notPermitted, notSent
        /// The request was sent but no answer came: it may have been recorded.
        case unanswered
    }

    public var description: String
    public var kind: Kind

    package init(_ description: String, kind: Kind = .notSent) {
        self.description = description
        self.kind = kind
    }
}
