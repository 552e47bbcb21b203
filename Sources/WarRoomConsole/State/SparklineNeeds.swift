import WarRoomModel

/// Which sparklines the screen on view draws: the links and sites whose
/// history a refresh must read. Bounded by what the screen shows, never by
/// the size of the fleet.
public struct SparklineNeeds: Equatable, Sendable {
    public var links: Set<String>
    public var sites: Set<String>
    /// Samples per series: as many as the widest sparkline on screen shows.
    public var samples: Int

    public init(links: Set<String> = [], sites: Set<String> = [], samples: Int = 60) {
        self.links = links
        self.sites = sites
        self.samples = samples
    }

    public func covers(_ other: SparklineNeeds) -> Bool {
        other.links.isSubset(of: links) && other.sites.isSubset(of: sites) && other.samples <= samples
    }

    /// What `state.screen` draws at `width` x `height` (each screen says, ``ConsoleScreen``).
    public static func of(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds {
        guard context.snapshot != nil else { return SparklineNeeds() }
        return ScreenCatalog.screen(state.screen).sparklineNeeds(context, state: state, width: width, height: height)
    }
}
