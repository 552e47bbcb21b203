import WarRoomAgent
import WarRoomProbes

extension DemoTopology {
    /// The demo's topology for fixtures. Should the example not parse, the
    /// fixtures get an empty topology and fail, and `ConfigFileTests` says why.
    static var example: DemoTopology {
        (try? seeds.get()) ?? DemoTopology(sites: [], services: [], links: [])
    }
}
