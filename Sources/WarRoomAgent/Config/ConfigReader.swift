import Foundation
import WarRoomModel
import WarRoomProbes
import Yams

/// Reads a configuration's sections into an ``AgentConfig``, recording every
/// problem and reading on, then checks what the sections say of each other
/// (a check's site exists, a link's data type is owned, a runbook goes where
/// its site fails over to).
struct ConfigReader {
    let problems: ConfigProblems
    let folder: String
    let loadingRunbooks: Bool
    var config = AgentConfig()
    var checkDefaults = (interval: 5.0, timeout: 2.0, jitter: 0.5)
    /// Every id a site or service declares, valid or not: a reference to one with
    /// a problem of its own is not a second problem.
    var declaredSites: Set<String> = []
    var declaredServices: Set<String> = []

    init(problems: ConfigProblems, folder: String, loadingRunbooks: Bool = true) {
        self.problems = problems
        self.folder = folder
        self.loadingRunbooks = loadingRunbooks
    }

    mutating func read(_ root: Node) -> AgentConfig {
        guard let top = ConfigFields(root, path: "", allowed: [
            "agent", "defaults", "detection", "decision", "approvers", "sites", "services", "replication", "checks",
            "alertmanager", "prometheus", "cluster",
        ], problems: problems) else { return config }
        let agent = readAgent(top)
        readDefaults(top)
        readDetection(top)
        readApprovers(top)
        let defaultMode = readDecision(top)
        let siteNodes = readSites(top, defaultMode: defaultMode)
        readServices(top)
        readReplication(top)
        readChecks(top)
        readAlertmanager(top)
        readPrometheus(top)
        readFailover(siteNodes)
        readCluster(top)
        checkAgentSite(agent)
        judgeSilenceByCadence()
        return config
    }

    /// Each measured link's source is silent after two missed rounds of its own
    /// measurement (a probe's, else Prometheus's): one rule for the dialog, status and the console.
    private mutating func judgeSilenceByCadence() {
        for index in config.links.indices {
            let id = config.links[index].id
            if let check = config.linkChecks.first(where: { $0.linkID == id }) {
                config.links[index].silentAfterSeconds = ReplicationLink.silentAfter(
                    intervalSeconds: check.intervalSeconds, timeoutSeconds: check.timeoutSeconds)
            } else if let prometheus = config.prometheus, prometheus.queries.contains(where: { $0.meaning == .linkLag(linkID: id) }) {
                config.links[index].silentAfterSeconds = ReplicationLink.silentAfter(
                    intervalSeconds: prometheus.intervalSeconds, timeoutSeconds: prometheus.timeoutSeconds)
            }
        }
    }

    /// The `agent:` section; its fields, for what is checked once the sites are known.
    private mutating func readAgent(_ top: ConfigFields) -> ConfigFields? {
        guard let agent = top.mapping("agent", allowed: ["name", "site", "heartbeat", "retention", "raw_retention", "concurrency", "socket"]) else { return nil }
        if let name = agent.string("name") { config.agentName = name }
        if let site = agent.identifier("site") { config.site = site }
        if let beat = agent.duration("heartbeat") { config.heartbeatIntervalSeconds = beat }
        if let retention = agent.duration("retention") { config.retentionSeconds = retention }
        if let raw = agent.duration("raw_retention") { config.rawRetentionSeconds = raw }
        if let concurrency = agent.int("concurrency", in: 1...1024) { config.concurrency = concurrency }
        if let socket = agent.mapping("socket", allowed: ["group", "mode"]) {
            if let group = socket.string("group") { config.socket.group = group }
            if let text = socket.string("mode") {
                if let mode = SocketAccess.mode(parsing: text) { config.socket.mode = mode } else {
                    socket.problem("mode", "must be an octal mode such as \"0660\" (got '\(text)')")
                }
            }
        }
        return agent
    }

    private mutating func readDefaults(_ top: ConfigFields) {
        guard let defaults = top.mapping("defaults", allowed: ["interval", "timeout", "jitter"]) else { return }
        if let interval = defaults.duration("interval") { checkDefaults.interval = interval }
        if let timeout = defaults.duration("timeout") { checkDefaults.timeout = timeout }
        if let jitter = defaults.duration("jitter", allowZero: true) { checkDefaults.jitter = jitter }
    }

    private mutating func readApprovers(_ top: ConfigFields) {
        guard let approvers = top.mapping("approvers", allowed: ["users", "groups"]) else { return }
        config.approvers.users = approvers.strings("users") ?? []
        config.approvers.groups = approvers.strings("groups") ?? []
    }

    private mutating func readDetection(_ top: ConfigFields) {
        config.detection.roundSeconds = checkDefaults.interval
        guard let detection = top.mapping("detection", allowed: ["interval", "failed_rounds", "recovered_rounds", "anti_flap"]) else { return }
        if let interval = detection.duration("interval") { config.detection.roundSeconds = interval }
        if let failed = detection.int("failed_rounds", in: 1...100) { config.detection.failedRounds = failed }
        if let recovered = detection.int("recovered_rounds", in: 1...100) { config.detection.recoveredRounds = recovered }
        if let antiFlap = detection.duration("anti_flap", allowZero: true) { config.detection.antiFlapSeconds = antiFlap }
    }

    private mutating func readDecision(_ top: ConfigFields) -> DecisionMode {
        guard let decision = top.mapping("decision", allowed: ["mode", "hybrid"]) else { return .manual }
        if let hybrid = decision.mapping("hybrid", allowed: ["critical_tiers"]), let tiers = hybrid.strings("critical_tiers") {
            var set: Set<Int> = []
            for tier in tiers {
                guard let number = Int(tier), (1...9).contains(number) else {
                    hybrid.problem("critical_tiers", "must list tiers 1 to 9 (got '\(tier)')")
                    continue
                }
                set.insert(number)
            }
            config.hybridRule.criticalTiers = set
        }
        return decision.choice("mode", DecisionMode.self) ?? .manual
    }

    /// Reads the sites; returns each site's fields for the failover routes, read once every site is known.
    private mutating func readSites(_ top: ConfigFields, defaultMode: DecisionMode) -> [(String, ConfigFields)] {
        var read: [(String, ConfigFields)] = []
        let nodes = top.sequence("sites", required: true)
        if top.has("sites") && nodes.isEmpty { top.problem("sites", "name at least one site") }
        for (index, node) in nodes.enumerated() {
            guard let site = ConfigFields(node, path: "sites[\(index + 1)]", allowed: [
                "id", "name", "role", "region", "capacity", "decision", "failover", "restore",
            ], problems: problems) else { continue }
            if let declared = site.value("id")?.scalar?.string { declaredSites.insert(declared) }
            let id = site.identifier("id", required: true)
            let name = site.string("name") ?? id
            let role = site.choice("role", SiteRole.self)
            if !site.has("role") { problems.add("is required", path: site.qualified("role"), at: node) }
            let capacity = site.double("capacity", in: 0...1000) ?? 100
            let mode = site.choice("decision", DecisionMode.self) ?? defaultMode
            guard let id, let name, let role else { continue }
            if config.sites.contains(where: { $0.id == id }) {
                site.problem("id", "'\(id)' names an earlier site too; site ids must be unique")
                continue
            }
            config.sites.append(Site(id: id, name: name, location: site.string("region") ?? "", role: role,
                                     capacityPercent: capacity, loadPercent: 0,
                                     decision: SiteDecision(mode: mode, criticalTiers: Array(config.hybridRule.criticalTiers))))
            read.append((id, site))
        }
        return read
    }

    private mutating func readServices(_ top: ConfigFields) {
        let nodes = top.sequence("services", required: true)
        if top.has("services") && nodes.isEmpty { top.problem("services", "name at least one service") }
        for (index, node) in nodes.enumerated() {
            guard let service = ConfigFields(node, path: "services[\(index + 1)]", allowed: [
                "id", "name", "tier", "rto", "rpo", "critical", "data",
            ], problems: problems) else { continue }
            if let declared = service.value("id")?.scalar?.string { declaredServices.insert(declared) }
            let id = service.identifier("id", required: true)
            let name = service.string("name") ?? id
            let tier = service.int("tier", in: 1...9, required: true)
            let rto = service.duration("rto", required: true)
            let rpo = service.duration("rpo", required: true, allowZero: true)
            let critical = service.bool("critical") ?? false
            let data = service.strings("data") ?? []
            guard let id, let name, let tier, let rto, let rpo else { continue }
            if config.services.contains(where: { $0.id == id }) {
                service.problem("id", "'\(id)' names an earlier service too; service ids must be unique")
                continue
            }
            config.services.append(Service(id: id, name: name, tier: tier, rtoSeconds: rto, rpoSeconds: rpo, critical: critical))
            if critical { config.criticalServiceIDs.insert(id) }
            for dataType in data { config.dataOwners[dataType, default: []].append(id) }
        }
    }

    private mutating func readReplication(_ top: ConfigFields) {
        for (index, node) in top.sequence("replication").enumerated() {
            guard let link = ConfigFields(node, path: "replication[\(index + 1)]", allowed: [
                "data", "from", "to", "mode", "rpo", "redis", "postgres", "interval", "timeout", "jitter",
            ], problems: problems) else { continue }
            let measured = linkKind(link)
            let dataType = link.string("data", required: true)
            let from = site(link, "from")
            let to = site(link, "to")
            let mode = link.choice("mode", ReplicationMode.self)
            if !link.has("mode") { problems.add("is required", path: link.qualified("mode"), at: node) }
            let rpo = link.duration("rpo", allowZero: true)
            let owners = dataType.map { config.dataOwners[$0] ?? [] } ?? []
            if let dataType, owners.isEmpty {
                link.problem("data", "no service owns '\(dataType)' (name it in a service's `data:`)")
            }
            guard let dataType, let from, let to, let mode, !owners.isEmpty else { continue }
            if from == to { link.problem("to", "a link must go to another site than it comes from") }
            // A data type is held to the strictest RPO of the services that own it, unless the link says otherwise.
            let ownersRPO = config.services.filter { owners.contains($0.id) }.map(\.rpoSeconds).min() ?? 0
            let id = ReplicationLink.makeID(dataType: dataType, source: from, target: to)
            if config.links.contains(where: { $0.id == id }) {
                link.problem("data", "'\(dataType)' from \(from) to \(to) is listed twice")
                continue
            }
            config.links.append(ReplicationLink(id: id, dataType: dataType, sourceSiteID: from, targetSiteID: to, mode: mode,
                                                rpoSeconds: rpo ?? ownersRPO))
            if let measured {
                let interval = link.duration("interval") ?? checkDefaults.interval
                let timeout = link.duration("timeout") ?? checkDefaults.timeout
                if timeout > interval {
                    link.problem("timeout", "\(Format.seconds(timeout)) is longer than the interval of \(Format.seconds(interval)): rounds would overlap")
                }
                config.linkChecks.append(LinkCheck(linkID: id, sourceSiteID: from, targetSiteID: to, kind: measured, intervalSeconds: interval, timeoutSeconds: timeout,
                                                   jitterSeconds: link.duration("jitter", allowZero: true) ?? checkDefaults.jitter))
            }
        }
    }

    private mutating func readFailover(_ sites: [(String, ConfigFields)]) {
        for (id, site) in sites {
            if let restore = site.mapping("restore", allowed: ["runbook"]), let file = restore.string("runbook", required: true),
               let (runbook, path) = loadRunbook(file) {
                if runbook.fromSiteID == id && runbook.toSiteID == id {
                    config.restore[id] = AgentConfig.FailoverRoute(toSiteID: id, runbook: runbook, runbookPath: path)
                } else {
                    restore.problem("runbook", "\(file) does not restore \(id) in place (it needs `kind: restore` and `site: \(id)`)")
                }
            }
            guard let failover = site.mapping("failover", allowed: ["to", "runbook"]) else { continue }
            let to = self.site(failover, "to")
            let file = failover.string("runbook", required: true)
            guard let to, let file else { continue }
            if to == id {
                failover.problem("to", "a site cannot fail over to itself")
                continue
            }
            guard let (runbook, path) = loadRunbook(file) else { continue }
            if runbook.fromSiteID != id || runbook.toSiteID != to {
                failover.problem("runbook", "\(file) fails over \(runbook.fromSiteID) → \(runbook.toSiteID), not \(id) → \(to)")
                continue
            }
            config.failover[id] = AgentConfig.FailoverRoute(toSiteID: to, runbook: runbook, runbookPath: path)
        }
    }

    /// A runbook the configuration names (relative to its folder), or `nil`
    /// when runbooks are not loaded or it is broken (its problem is added).
    private mutating func loadRunbook(_ file: String) -> (Runbook, String)? {
        guard loadingRunbooks else { return nil }
        let path = file.hasPrefix("/") ? file : folder + "/" + file
        do {
            return (try RunbookFile.load(path: path), path)
        } catch {
            problems.add(ConfigProblem(file: error.file, line: error.line, column: nil, path: error.field, message: error.message))
            return nil
        }
    }

    /// A field that names a configured site.
    func site(_ fields: ConfigFields, _ key: String) -> String? {
        guard let id = fields.string(key, required: true) else { return nil }
        guard config.sites.contains(where: { $0.id == id }) else {
            if !declaredSites.contains(id) {
                let known = declaredSites.sorted().joined(separator: ", ")
                fields.problem(key, "no site '\(id)' (sites: \(known.isEmpty ? "none" : known))")
            }
            return nil
        }
        return id
    }
}
