import WarRoomModel

extension StatusReport {
    /// A split brain as `status` reports it: both ends, since when, and what
    /// each holds that the other lacks (`null` where unknown).
    public struct SplitBrainLine: Codable, Sendable, Equatable {
        public var link: String
        public var dataType: String
        public var formerPrimary: String
        public var promoted: String
        public var since: EpochMillis
        public var formerPrimaryPosition: String?
        public var promotedPosition: String?
        public var formerPrimaryOnlyBytes: Int64?
        public var promotedOnlyBytes: Int64?
        /// The whole state in one sentence, with the sites' names.
        public var text: String

        public init(_ brain: SplitBrain, siteNames: [String: String]) {
            link = brain.linkID
            dataType = brain.dataType
            formerPrimary = brain.formerPrimarySiteID
            promoted = brain.promotedSiteID
            since = brain.since
            formerPrimaryPosition = brain.formerPrimaryPosition
            promotedPosition = brain.promotedPosition
            formerPrimaryOnlyBytes = brain.formerPrimaryOnlyBytes
            promotedOnlyBytes = brain.promotedOnlyBytes
            text = brain.sentence { siteNames[$0] ?? $0 }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(link, forKey: .link)
            try container.encode(dataType, forKey: .dataType)
            try container.encode(formerPrimary, forKey: .formerPrimary)
            try container.encode(promoted, forKey: .promoted)
            try container.encode(since, forKey: .since)
            try container.encode(formerPrimaryPosition, forKey: .formerPrimaryPosition)
            try container.encode(promotedPosition, forKey: .promotedPosition)
            try container.encode(formerPrimaryOnlyBytes, forKey: .formerPrimaryOnlyBytes)
            try container.encode(promotedOnlyBytes, forKey: .promotedOnlyBytes)
            try container.encode(text, forKey: .text)
        }

        enum CodingKeys: String, CodingKey {
            case link, dataType, formerPrimary, promoted, since, formerPrimaryPosition, promotedPosition
            case formerPrimaryOnlyBytes, promotedOnlyBytes, text
        }
    }
}
