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

    /// What `state.screen` draws at `width` x `height`: the Overview's site
    /// tiles (none when the sites do not fit as tiles) and its worst links; the
    /// Replication screen's rows its table may show, and half a screenful
    /// more either side, so scrolling finds them read.
    public static func of(_ context: ConsoleContext, state: UIState, width: Int, height: Int) -> SparklineNeeds {
        guard let snapshot = context.snapshot else { return SparklineNeeds() }
        switch state.screen {
        case .overview:
            let worst = ScreenLists.links(context, order: .rpoStatus, filter: "").prefix(max(0, height))
            let tiled = SiteGrid.tilesFit(sites: snapshot.sites.count, width: width) ? snapshot.sites.map(\.id) : []
            return SparklineNeeds(links: Set(worst.map(\.id)), sites: Set(tiled), samples: max(60, width))
        case .replication:
            let links = ScreenLists.links(context, order: state.linkOrder, filter: state.filterText(on: .replication))
            guard !links.isEmpty else { return SparklineNeeds() }
            let cursor = min(state.selected(on: .replication), links.count - 1)
            let window = ListWindow.around(cursor, height: height, slack: height / 2)
            return SparklineNeeds(links: Set(links[window.offset..<min(links.count, window.offset + window.limit)].map(\.id)),
                                  samples: LinkTable.historyWidth(ReplicationScreen.columns(width: width), width: width))
        case .alerts, .incident, .failover, .drills:
            return SparklineNeeds()
        }
    }
}
