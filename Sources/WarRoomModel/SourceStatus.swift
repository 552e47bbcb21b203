/// Whether a source the agent reads whole (Alertmanager) answers, since when,
/// and why not: an alert queue read from a source that stopped answering is
/// out of date, and must say so rather than look calm.
public struct SourceStatus: Codable, Sendable, Hashable {
    /// `alertmanager`.
    public var name: String
    public var ok: Bool
    /// What the source said, or why it could not be read.
    public var detail: String
    /// When it last changed between answering and not (agent clock).
    public var since: EpochMillis

    public init(name: String, ok: Bool, detail: String, since: EpochMillis) {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.since = since
    }
}
