import WarRoomModel

/// The three-site erlmcp v3 deployment from the seed documents, as the demo
/// simulates it. Its sites, services and links come from
/// `Examples/three-sites.yaml` (read by the agent module, see
/// `DemoTopology.seeds`): one description of the topology, not two. What is
/// here is only how the simulator plays it: which site loses power, the load
/// each site normally carries, its latency, each data type's lag and volume.
public struct DemoTopology: Sendable, Equatable {
    public static let primary = "new-york"
    public static let hotStandby = "london"
    public static let warmStandby = "singapore"

    public var sites: [Site]
    public var services: [Service]
    public var links: [ReplicationLink]

    /// The topology with each site's normal load filled in.
    public init(sites: [Site], services: [Service], links: [ReplicationLink]) {
        self.sites = sites.map { site in
            var site = site
            site.loadPercent = Self.baseLoadPercent[site.id, default: 0]
            return site
        }
        self.services = services
        self.links = links
    }

    /// The same sites after a failover to London: London carries the primary's
    /// load and every data type replicates from it, to New York and Singapore.
    public func failedOver() -> DemoTopology {
        var turned = self
        let load = Self.baseLoadPercent
        turned.sites = sites.map { site in
            var site = site
            site.loadPercent = site.id == Self.hotStandby ? load[Self.primary, default: 0]
                : site.id == Self.primary ? load[Self.hotStandby, default: 0] : site.loadPercent
            return site
        }
        turned.links = links.map { link in
            let target = link.targetSiteID == Self.hotStandby ? Self.primary : link.targetSiteID
            return ReplicationLink(id: "\(link.dataType):\(Self.hotStandby)>\(target)", dataType: link.dataType,
                                   sourceSiteID: Self.hotStandby, targetSiteID: target, mode: link.mode,
                                   rpoSeconds: link.rpoSeconds)
        }
        return turned
    }

    /// How one replicated data type behaves: the lag it normally runs at
    /// towards each standby and its volume (its mode and RPO are the link's).
    public struct DataType: Sendable {
        public var id: String
        /// Typical lag towards London and Singapore, in seconds.
        public var typicalLag: [String: Double]

        /// Towards a standby the table does not name (New York after a
        /// failover), the lag of the hot standby it then plays.
        public func typicalLag(towards siteID: String) -> Double {
            typicalLag[siteID] ?? typicalLag[DemoTopology.hotStandby] ?? 1
        }
        /// Bytes written per second at the primary (turns lag into bytes).
        public var bytesPerSecond: Double
        /// Batches are shipped this often (batch mode only).
        public var batchEverySeconds: Double?
    }

    public static let dataTypes: [DataType] = [
        DataType(id: "session-state", typicalLag: [hotStandby: 0.030, warmStandby: 0.320], bytesPerSecond: 1_500_000),
        DataType(id: "registry", typicalLag: [hotStandby: 0.045, warmStandby: 0.410], bytesPerSecond: 220_000),
        DataType(id: "transaction-log", typicalLag: [hotStandby: 0, warmStandby: 0], bytesPerSecond: 4_000_000),
        DataType(id: "configuration", typicalLag: [hotStandby: 0.060, warmStandby: 0.380], bytesPerSecond: 4_000),
        DataType(id: "analytics", typicalLag: [hotStandby: 140, warmStandby: 260], bytesPerSecond: 800_000),
        DataType(id: "logs", typicalLag: [hotStandby: 0, warmStandby: 0], bytesPerSecond: 2_000_000, batchEverySeconds: 600),
    ]

    /// Share of the production load each site normally carries, in percent.
    static let baseLoadPercent: [String: Double] = [primary: 55, hotStandby: 20, warmStandby: 10]

    /// Baseline p99 latency of a site's health endpoint, in milliseconds.
    static let baseLatencyMs: [String: Double] = [primary: 38, hotStandby: 44, warmStandby: 61]
}
