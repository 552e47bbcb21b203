import WarRoomModel
import WarRoomProbes

extension DemoTopology {
    /// The seeds' topology as `Examples/three-sites.yaml` describes it: the
    /// file is compiled in, so the demo and the example cannot drift apart.
    /// A failure is a bug in the example, which the tests catch.
    public static let seeds: Result<DemoTopology, InvalidConfig> =
        ConfigFile.parse(String(decoding: PackageResources.three_sites_yaml, as: UTF8.self),
                         file: "Examples/three-sites.yaml", folder: "Examples", loadingRunbooks: false)
            .map { DemoTopology(sites: $0.sites, services: $0.services, links: $0.links) }
}
