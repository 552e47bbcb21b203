import WarRoomModel
import WarRoomProbes

extension DemoTopology {
    /// `Examples/three-sites.yaml` as the agent reads it, without its runbook
    /// files (the demo writes its own, with the demo's approvers). The file is
    /// compiled in, so the demo and the example cannot drift apart; a failure
    /// is a bug in the example, which the tests catch.
    public static let seedsConfiguration: Result<AgentConfig, InvalidConfig> =
        ConfigFile.parse(String(decoding: PackageResources.three_sites_yaml, as: UTF8.self),
                         file: "Examples/three-sites.yaml", folder: "Examples", loadingRunbooks: false)

    /// The seeds' topology as `Examples/three-sites.yaml` describes it.
    public static let seeds: Result<DemoTopology, InvalidConfig> =
        seedsConfiguration.map { DemoTopology(sites: $0.sites, services: $0.services, links: $0.links) }
}
