import Foundation
import WarRoomModel

/// An HTTP health endpoint's answer judged as health: the status code, and
/// for `application/health+json` bodies (draft-inadarei-api-health-check) the
/// `status` (`pass`/`ok`/`up` → ok, `warn` → warning, `fail`/`error`/`down` →
/// critical) with the names of failing `checks` as the reason.
public struct HealthResponse: Sendable, Equatable {
    public var state: HealthState
    /// Why, in words (`HTTP 503`, `health+json status warn: db:connections`).
    public var detail: String

    public init(state: HealthState, detail: String) {
        self.state = state
        self.detail = detail
    }

    /// Judges a response against what the check expects.
    public static func judge(status: Int, contentType: String?, body: [UInt8], check: HTTPCheck) -> HealthResponse {
        if let expected = check.expectStatus, status != expected {
            return HealthResponse(state: .critical, detail: "HTTP \(status), expected \(expected)")
        }
        if check.expectStatus == nil && !(200...299).contains(status) {
            // A health+json endpoint answers 503 with `fail`, sometimes with `warn` details: read it either way.
            if let health = healthJSON(contentType: contentType, body: body), health.state != .ok {
                return HealthResponse(state: health.state == .warning ? .critical : health.state,
                                      detail: "HTTP \(status); \(health.detail)")
            }
            return HealthResponse(state: .critical, detail: "HTTP \(status)")
        }
        if let needle = check.bodyContains, !String(decoding: body, as: UTF8.self).contains(needle) {
            return HealthResponse(state: .critical, detail: "HTTP \(status), body lacks the expected text")
        }
        if let health = healthJSON(contentType: contentType, body: body) { return health }
        return HealthResponse(state: .ok, detail: "HTTP \(status)")
    }

    /// The health+json reading of a body, when it is one.
    static func healthJSON(contentType: String?, body: [UInt8]) -> HealthResponse? {
        let isHealthJSON = contentType?.lowercased().hasPrefix("application/health+json") ?? false
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let status = object["status"] as? String else {
            return isHealthJSON ? HealthResponse(state: .unknown, detail: "health+json body without a readable status") : nil
        }
        guard isHealthJSON || object["checks"] != nil || ["pass", "warn", "fail"].contains(status.lowercased()) else {
            return nil
        }
        let state: HealthState
        switch status.lowercased() {
        case "pass", "ok", "up": state = .ok
        case "warn": state = .warning
        case "fail", "error", "down": state = .critical
        default: return HealthResponse(state: .unknown, detail: "health+json status '\(status)' is not pass, warn or fail")
        }
        guard state != .ok else { return HealthResponse(state: .ok, detail: "health+json status \(status)") }
        // Name the checks that are not passing: `checks` maps names to lists of results.
        var failing: [String] = []
        if let checks = object["checks"] as? [String: Any] {
            for (name, value) in checks.sorted(by: { $0.key < $1.key }) {
                let results = value as? [[String: Any]] ?? []
                if results.contains(where: { ($0["status"] as? String).map { !["pass", "ok", "up"].contains($0.lowercased()) } ?? false }) {
                    failing.append(name)
                }
            }
        }
        let output = (object["output"] as? String).map { ": \($0)" } ?? ""
        let which = failing.isEmpty ? "" : " (\(failing.joined(separator: ", ")))"
        return HealthResponse(state: state, detail: "health+json status \(status)\(which)\(output)")
    }
}
