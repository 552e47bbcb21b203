import Foundation
import WarRoomCluster
import WarRoomModel

extension ConfigReader {
    /// The `cluster:` section: the etcd the agents of a deployment share, one agent a site.
    mutating func readCluster(_ top: ConfigFields) {
        guard let cluster = top.mapping("cluster", allowed: ["name", "etcd", "username", "password", "ca", "lease", "observers", "quorum"]) else {
            return
        }
        let name = cluster.identifier("name", required: true)
        let endpoints = etcdEndpoints(cluster)
        let username = cluster.string("username")
        let password = secret(cluster, "password")
        if cluster.has("username") != cluster.has("password") {
            let given = cluster.has("username") ? "username" : "password"
            cluster.problem(given, "token authentication needs a \(given == "username" ? "password" : "username") too")
        }
        let ca = caFile(cluster)
        if ca != nil, let endpoints, endpoints.contains(where: { $0.hasPrefix("http://") }) {
            cluster.problem("ca", "a CA verifies etcd's certificate, which only https:// endpoints have")
        }
        let round = config.detection.roundSeconds
        let lease = cluster.duration("lease") ?? 3 * round
        if cluster.has("lease"), lease < 2 * round {
            cluster.problem("lease", "\(Format.seconds(lease)) would lapse between two detection rounds (every \(Format.seconds(round))); give at least \(Format.seconds(2 * round))")
        }
        let observers = observerSites(cluster)
        let observing = observers?.count ?? config.sites.count
        let quorum = cluster.int("quorum", in: 1...99)
        if let quorum, quorum > max(1, observing - 1) {
            let leave = observing == 1 ? "1 observer leaves none" : "\(observing) observers leave \(observing - 1)"
            cluster.problem("quorum", "\(quorum) observers outside a site can never agree: \(leave) outside each")
        }
        guard let name, let endpoints else { return }
        config.cluster = ClusterSettings(name: name, endpoints: endpoints, username: username, password: password, caFile: ca,
                                         leaseSeconds: lease, observers: observers, quorum: quorum)
    }

    /// `observers:`, the sites whose agents observe: configured sites, each once, at least one.
    private func observerSites(_ cluster: ConfigFields) -> [String]? {
        guard let listed = cluster.strings("observers") else { return nil }
        var observers: [String] = []
        for site in listed {
            if !config.sites.contains(where: { $0.id == site }) {
                let known = config.sites.map(\.id).joined(separator: ", ")
                cluster.problem("observers", "no site '\(site)' (sites: \(known.isEmpty ? "none" : known))")
            } else if observers.contains(site) {
                cluster.problem("observers", "'\(site)' is listed twice")
            } else {
                observers.append(site)
            }
        }
        if listed.isEmpty { cluster.problem("observers", "name at least one site whose agent observes, or leave it out: every site") }
        return observers.isEmpty ? nil : observers
    }

    /// `agent.site` names a configured site (said otherwise, and forgotten).
    mutating func checkAgentSite(_ agent: ConfigFields?) {
        guard let agent, config.site != nil, site(agent, "site") == nil else { return }
        config.site = nil
    }

    /// etcd's client URLs: `http://host:port` or `https://host:port`, at least one.
    private func etcdEndpoints(_ cluster: ConfigFields) -> [String]? {
        guard let urls = cluster.strings("etcd") else {
            if !cluster.has("etcd") { cluster.problem("etcd", "is required: etcd's client URLs, like [http://10.0.0.5:2379]") }
            return nil
        }
        guard !urls.isEmpty else {
            cluster.problem("etcd", "name at least one of etcd's client URLs")
            return nil
        }
        var valid: [String] = []
        for url in urls {
            guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme ?? ""),
                  let host = parts.host, !host.isEmpty, let port = parts.port, (1...65535).contains(port),
                  parts.path.isEmpty || parts.path == "/", parts.query == nil, parts.user == nil else {
                cluster.problem("etcd", "'\(url)' is not a client URL like http://10.0.0.5:2379")
                continue
            }
            valid.append(url)
        }
        return valid.count == urls.count ? valid : nil
    }
}
