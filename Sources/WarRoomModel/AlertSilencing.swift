import Foundation

/// Where silences are made: Alertmanager, reached by the agent. Silencing is
/// real (the alert stops notifying anyone), so it happens there, not in
/// warroom's cache; warroom records who asked and why.
public protocol AlertSilencing: Sendable {
    /// Creates a silence matching exactly `alert`'s labels until `until`;
    /// the silence's id, or why Alertmanager refused or could not be reached.
    func createSilence(for alert: Alert, until: EpochMillis, createdBy: String, comment: String) -> Result<String, SilenceFailure>
    /// Expires the silence `id` now.
    func expireSilence(id: String) -> Result<Void, SilenceFailure>
}

/// Why a silence was not made or expired, in Alertmanager's words where it gave some.
public struct SilenceFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
