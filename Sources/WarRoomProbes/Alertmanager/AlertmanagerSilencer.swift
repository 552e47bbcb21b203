import Foundation
import NIOHTTP1
import WarRoomModel

/// Creates and expires silences through Alertmanager's API v2
/// (`POST /api/v2/silences`, `DELETE /api/v2/silence/{id}`). Called from an
/// operator's request, on the socket connection's own thread, which waits for
/// the answer within the timeout.
public struct AlertmanagerSilencer: AlertSilencing {
    private let settings: AlertmanagerSettings
    private let http: HTTPExchange

    public init(settings: AlertmanagerSettings, http: HTTPExchange = HTTPExchange()) {
        self.settings = settings
        self.http = http
    }

    /// The request body: one equality matcher per label, so the silence covers this alert.
    public static func body(for alert: Alert, from: EpochMillis, until: EpochMillis, createdBy: String, comment: String) -> Data {
        let matchers = alert.labels.sorted { $0.key < $1.key }.map { label in
            ["name": label.key, "value": label.value, "isRegex": false, "isEqual": true] as [String: Any]
        }
        let body: [String: Any] = [
            "matchers": matchers, "startsAt": RFC3339.format(from), "endsAt": RFC3339.format(until),
            "createdBy": createdBy, "comment": comment,
        ]
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
    }

    public func createSilence(for alert: Alert, until: EpochMillis, createdBy: String, comment: String) -> Result<String, SilenceFailure> {
        guard !alert.labels.isEmpty else { return .failure(SilenceFailure("the alert has no labels to match")) }
        let body = Self.body(for: alert, from: EpochMillis(Date().timeIntervalSince1970 * 1000), until: until,
                             createdBy: createdBy, comment: comment)
        let answer = wait { await http.send(.POST, settings.url + "/api/v2/silences", json: body, timeout: settings.timeoutSeconds) }
        switch answer {
        case .failure(let failure):
            return .failure(SilenceFailure("Alertmanager: \(failure)"))
        case .success(let (status, bytes)) where status == 200:
            guard let id = JSONValue.parse(bytes)?["silenceID"]?.string, !id.isEmpty else {
                return .failure(SilenceFailure("Alertmanager answered without a silenceID"))
            }
            return .success(id)
        case .success(let (status, bytes)):
            return .failure(SilenceFailure("Alertmanager refused the silence (HTTP \(status)): \(Self.words(bytes))"))
        }
    }

    public func expireSilence(id: String) -> Result<Void, SilenceFailure> {
        let safe = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
        let answer = wait { await http.send(.DELETE, settings.url + "/api/v2/silence/" + safe, timeout: settings.timeoutSeconds) }
        switch answer {
        case .failure(let failure): return .failure(SilenceFailure("Alertmanager: \(failure)"))
        case .success(let (status, _)) where status == 200: return .success(())
        case .success(let (status, bytes)):
            return .failure(SilenceFailure("Alertmanager refused to expire \(id) (HTTP \(status)): \(Self.words(bytes))"))
        }
    }

    /// An error body, short and on one line.
    static func words(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(300), as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? "no reason given" : line
    }

    /// Runs `work` and blocks this (non-cooperative) thread until it ends.
    private func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
