import Testing
import WarRoomAgent
import WarRoomCluster
import WarRoomProbes
import WarRoomClock

/// The `cluster:` section and `agent.site`: validated like the rest, each
/// problem at its FILE:LINE:COLUMN.
@Suite("Cluster configuration")
struct ClusterConfigTests {
    static let threeSites = """
        sites:
          - { id: new-york, name: New York, role: primary }
          - { id: london, name: London, role: secondary }
          - { id: singapore, name: Singapore, role: tertiary }
        services:
          - { id: web, name: Web, tier: 1, rto: 15m, rpo: 5s, critical: true }
        checks:
          - { site: new-york, service: web, tcp: { host: 127.0.0.1, port: 80 } }
        detection: { interval: 5s }

        """

    func parse(_ text: String) -> Result<AgentConfig, InvalidConfig> {
        ConfigFile.parse(Self.threeSites + text, file: "test.yaml", folder: "/nonexistent")
    }

    func problems(_ text: String) -> [String] {
        if case .failure(let invalid) = parse(text) { return invalid.problems.map(\.description) }
        return []
    }

    @Test("a cluster: its etcd, its lease (3 detection rounds unless given), the default quorum, and the agent's site")
    func valid() throws {
        let config = try parse("""
            agent: { site: london }
            cluster:
              name: acme-dr
              etcd: [http://10.0.0.5:2379, "http://10.1.0.5:2379/"]
              username: warroom
              password: env:ETCD_PASSWORD
            """).get()
        let cluster = try #require(config.cluster)
        #expect(config.site == "london")
        #expect(cluster.name == "acme-dr")
        #expect(cluster.endpoints == ["http://10.0.0.5:2379", "http://10.1.0.5:2379/"])
        #expect(cluster.password == .environment("ETCD_PASSWORD"))
        #expect(cluster.leaseSeconds == 15)
        #expect(cluster.quorum == nil)
        #expect(cluster.viewKey(observer: "london", site: "new-york") == "/warroom/acme-dr/views/london/new-york")
    }

    @Test("no cluster: the agent works alone, as before")
    func none() throws {
        let config = try parse("").get()
        #expect(config.cluster == nil)
        #expect(config.site == nil)
    }

    @Test("every problem of a cluster section, each at its line and column")
    func problemsAtTheirPlace() {
        #expect(problems("""
            agent: { site: paris }
            cluster:
              name: Acme DR
              etcd: [http://10.0.0.5:2379, "ftp://x:1", "http://nohost", "http://10.0.0.6:2379/v3?x=1"]
              password: hunter2
              lease: 6s
              quorum: 3
              ca: /etc/ssl/etcd.pem
              peers: 3
            """) == [
            "test.yaml:10:16: agent.site: no site 'paris' (sites: london, new-york, singapore)",
            "test.yaml:12:9: cluster.name: 'Acme DR' must be lowercase letters, digits and dashes",
            "test.yaml:13:9: cluster.etcd: 'ftp://x:1' is not a client URL like http://10.0.0.5:2379",
            "test.yaml:13:9: cluster.etcd: 'http://nohost' is not a client URL like http://10.0.0.5:2379",
            "test.yaml:13:9: cluster.etcd: 'http://10.0.0.6:2379/v3?x=1' is not a client URL like http://10.0.0.5:2379",
            "test.yaml:14:13: cluster.password: give it as env:NAME or file:PATH, never inline",
            "test.yaml:14:13: cluster.password: token authentication needs a username too",
            "test.yaml:15:10: cluster.lease: 6 s would lapse between two detection rounds (every 5 s); give at least 10 s",
            "test.yaml:16:11: cluster.quorum: 3 observers outside a site can never agree: 3 observers leave 2 outside each",
            "test.yaml:17:7: cluster.ca: give the CA certificate as file:PATH (PEM), got '/etc/ssl/etcd.pem'",
            "test.yaml:18:3: cluster.peers: unknown field (known: ca, etcd, lease, name, observers, password, quorum, username)",
        ])
    }

    @Test("observers: configured sites, once each; the quorum counts them")
    func observers() throws {
        let config = try parse("cluster: { name: dr, etcd: [http://a:1], observers: [london, singapore], quorum: 1 }").get()
        #expect(config.cluster?.observers == ["london", "singapore"])
        #expect(problems("cluster: { name: dr, etcd: [http://a:1], observers: [london, paris, london], quorum: 2 }") == [
            "test.yaml:10:53: cluster.observers: no site 'paris' (sites: new-york, london, singapore)",
            "test.yaml:10:53: cluster.observers: 'london' is listed twice",
            "test.yaml:10:86: cluster.quorum: 2 observers outside a site can never agree: 1 observer leaves none outside each",
        ])
    }

    @Test("a cluster needs etcd's client URLs; a CA needs https")
    func etcdRequired() {
        #expect(problems("cluster: { name: dr }") == ["test.yaml:10:10: cluster.etcd: is required: etcd's client URLs, like [http://10.0.0.5:2379]"])
        #expect(problems("cluster: { name: dr, etcd: [] }") == ["test.yaml:10:28: cluster.etcd: name at least one of etcd's client URLs"])
        #expect(problems("cluster: { name: dr, etcd: [http://a:1], ca: file:/nonexistent/ca.pem }").contains(
            "test.yaml:10:46: cluster.ca: cannot read the CA certificate /nonexistent/ca.pem"))
    }
}

/// A reload of a cluster's agent: the same cluster goes on with the same
/// member (lease, views, decider key); a changed one gets a new member.
@Suite("Reloading a cluster's agent")
struct ClusterReloadTests {
    func agent(_ extra: String = "", failedRounds: Int = 3, replacing previous: ConfiguredAgent? = nil) throws -> ConfiguredAgent {
        let text = ClusterConfigTests.threeSites.replacingOccurrences(
            of: "detection: { interval: 5s }", with: "detection: { interval: 5s, failed_rounds: \(failedRounds) }")
            + "cluster: { name: dr, etcd: [http://127.0.0.1:9] }\n" + extra
        let config = try ConfigFile.parse(text, file: "t.yaml", folder: "/nonexistent").get()
        return ConfiguredAgent(config, clock: AgentClock(), site: "london", replacing: previous)
    }

    @Test("an unchanged cluster keeps its member; a changed cluster, site list or detection makes a new one")
    func keepsMember() throws {
        let first = try agent()
        let same = try agent("approvers: { users: [carol] }\n", replacing: first)
        #expect(first.cluster != nil && same.cluster === first.cluster)
        let moreRounds = try agent(failedRounds: 5, replacing: same)
        #expect(moreRounds.cluster !== same.cluster)
        let alone = ConfiguredAgent(try ConfigFile.parse(ClusterConfigTests.threeSites, file: "t.yaml", folder: "/x").get(),
                                    clock: AgentClock(), replacing: moreRounds)
        #expect(alone.cluster == nil)
    }
}
