import WarRoomModel

extension StatusReport {
    /// A console an agent heard from lately (presence: who watches what).
    public struct ConsoleLine: Codable, Sendable, Equatable {
        public var user: String
        public var host: String
        /// The site whose agent the console speaks to; `nil` for an agent alone.
        public var site: String?
        public var screen: String
        /// The step whose approval dialog it has open (`PLAN-0001/2`), if any.
        public var confirming: String?
        public var lastSeenAt: EpochMillis

        public init(_ console: ConsolePresence) {
            user = console.operatorName
            host = console.host
            site = console.siteID
            screen = console.screen
            confirming = console.confirming.map { "\($0.planID)/\($0.stepNumber)" }
            lastSeenAt = console.seenAt
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(user, forKey: .user)
            try container.encode(host, forKey: .host)
            try container.encode(site, forKey: .site)
            try container.encode(screen, forKey: .screen)
            try container.encode(confirming, forKey: .confirming)
            try container.encode(lastSeenAt, forKey: .lastSeenAt)
        }
    }
}
