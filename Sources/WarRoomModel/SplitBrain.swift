/// Two stores of one data type answering as primaries at once — typically the
/// old primary restarted after its standby was promoted: both take writes,
/// and each holds what the other lacks. The most dangerous state in DR, so it
/// is shown everywhere at once and never ends by itself while both answer
/// as primaries.
public struct SplitBrain: Sendable, Equatable {
    public var linkID: String
    public var dataType: String
    /// The configured primary (the link's source), answering as a primary again.
    public var formerPrimarySiteID: String
    /// The promoted standby (the link's target).
    public var promotedSiteID: String
    /// When both were first seen answering as primaries (agent clock).
    public var since: EpochMillis
    /// The round that last saw it.
    public var seenAt: EpochMillis
    /// Each end's position now, as its store prints it (`0/3000148`, offset `5012`).
    public var formerPrimaryPosition: String?
    public var promotedPosition: String?
    /// Bytes written at each end since the fork (the standby's last position
    /// before its promotion), which the other end lacks; `nil` when unknown.
    public var formerPrimaryOnlyBytes: Int64?
    public var promotedOnlyBytes: Int64?
    /// When one of them was last seen to stop answering as a primary; `nil` while it holds.
    public var endedAt: EpochMillis?

    public init(linkID: String, dataType: String, formerPrimarySiteID: String, promotedSiteID: String, since: EpochMillis,
                seenAt: EpochMillis, formerPrimaryPosition: String? = nil, promotedPosition: String? = nil,
                formerPrimaryOnlyBytes: Int64? = nil, promotedOnlyBytes: Int64? = nil, endedAt: EpochMillis? = nil) {
        self.linkID = linkID
        self.dataType = dataType
        self.formerPrimarySiteID = formerPrimarySiteID
        self.promotedSiteID = promotedSiteID
        self.since = since
        self.seenAt = seenAt
        self.formerPrimaryPosition = formerPrimaryPosition
        self.promotedPosition = promotedPosition
        self.formerPrimaryOnlyBytes = formerPrimaryOnlyBytes
        self.promotedOnlyBytes = promotedOnlyBytes
        self.endedAt = endedAt
    }

    /// `SPLIT BRAIN: orders answers as primary at New York (0/5000060) and London (0/50000D8) since 2026-12-03 10:02:11 UTC;
    /// New York holds 2.1 MiB London lacks, London holds 40.0 KiB New York lacks`.
    /// - parameter name: a site's name for its id.
    public func sentence(name: (String) -> String) -> String {
        let former = name(formerPrimarySiteID)
        let promoted = name(promotedSiteID)
        func at(_ site: String, _ position: String?) -> String { position.map { "\(site) (\($0))" } ?? site }
        func holds(_ site: String, _ bytes: Int64?, _ other: String) -> String {
            "\(site) holds \(bytes.map(Format.bytes) ?? "an unknown amount") \(other) lacks"
        }
        return "SPLIT BRAIN: \(dataType) answers as primary at \(at(former, formerPrimaryPosition)) and "
            + "\(at(promoted, promotedPosition)) since \(Format.utc(since)); "
            + "\(holds(former, formerPrimaryOnlyBytes, promoted)), \(holds(promoted, promotedOnlyBytes, former))"
    }
}
