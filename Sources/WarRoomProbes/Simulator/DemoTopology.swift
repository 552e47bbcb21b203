import WarRoomModel

/// The three-site erlmcp v3 deployment from the seed documents: New York
/// primary (100 %), London hot standby (80 %), Singapore warm standby (50 %).
public enum DemoTopology {
    public static let primary = "new-york"
    public static let hotStandby = "london"
    public static let warmStandby = "singapore"

    public static let sites: [Site] = [
        Site(id: primary, name: "New York", location: "US-East (NY4)", role: .primary,
             capacityPercent: 100, loadPercent: 55),
        Site(id: hotStandby, name: "London", location: "EU-Central (LD4)", role: .secondary,
             capacityPercent: 80, loadPercent: 20),
        Site(id: warmStandby, name: "Singapore", location: "APAC (SG1)", role: .tertiary,
             capacityPercent: 50, loadPercent: 10),
    ]

    public static let services: [Service] = [
        Service(id: "core-mcp", name: "Core MCP Server", tier: 1, rtoSeconds: 15 * 60, rpoSeconds: 5),
        Service(id: "sessions", name: "Session Management", tier: 1, rtoSeconds: 15 * 60, rpoSeconds: 5),
        Service(id: "registry", name: "Registry", tier: 2, rtoSeconds: 30 * 60, rpoSeconds: 5),
        Service(id: "transport", name: "Transport Layer", tier: 2, rtoSeconds: 60 * 60, rpoSeconds: 15),
        Service(id: "monitoring", name: "Monitoring", tier: 3, rtoSeconds: 120 * 60, rpoSeconds: 3600),
    ]

    /// One replicated data type: its RPO, how it is shipped, and the lag it
    /// normally runs at towards each standby.
    public struct DataType: Sendable {
        public var id: String
        public var rpoSeconds: Double
        public var mode: ReplicationMode
        /// Typical lag towards London and Singapore, in seconds.
        public var typicalLag: [String: Double]
        /// Bytes written per second at the primary (turns lag into bytes).
        public var bytesPerSecond: Double
        /// Batches are shipped this often (batch mode only).
        public var batchEverySeconds: Double?
    }

    public static let dataTypes: [DataType] = [
        DataType(id: "session-state", rpoSeconds: 5, mode: .async,
                 typicalLag: [hotStandby: 0.030, warmStandby: 0.320], bytesPerSecond: 1_500_000),
        DataType(id: "registry", rpoSeconds: 5, mode: .async,
                 typicalLag: [hotStandby: 0.045, warmStandby: 0.410], bytesPerSecond: 220_000),
        DataType(id: "transaction-log", rpoSeconds: 0, mode: .sync,
                 typicalLag: [hotStandby: 0, warmStandby: 0], bytesPerSecond: 4_000_000),
        DataType(id: "configuration", rpoSeconds: 60, mode: .sync,
                 typicalLag: [hotStandby: 0.060, warmStandby: 0.380], bytesPerSecond: 4_000),
        DataType(id: "analytics", rpoSeconds: 900, mode: .async,
                 typicalLag: [hotStandby: 140, warmStandby: 260], bytesPerSecond: 800_000),
        DataType(id: "logs", rpoSeconds: 3600, mode: .batch,
                 typicalLag: [hotStandby: 0, warmStandby: 0], bytesPerSecond: 2_000_000, batchEverySeconds: 600),
    ]

    /// Every data type from the primary to each standby.
    public static let links: [ReplicationLink] = [hotStandby, warmStandby].flatMap { target in
        dataTypes.map { type in
            ReplicationLink(id: ReplicationLink.makeID(dataType: type.id, source: primary, target: target),
                            dataType: type.id, sourceSiteID: primary, targetSiteID: target,
                            mode: type.mode, rpoSeconds: type.rpoSeconds)
        }
    }

    /// Baseline p99 latency of a site's health endpoint, in milliseconds.
    static let baseLatencyMs: [String: Double] = [primary: 38, hotStandby: 44, warmStandby: 61]
}
