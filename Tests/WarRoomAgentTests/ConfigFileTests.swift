import Foundation
import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

@Suite("Agent configuration files")
struct ConfigFileTests {
    /// The repository's `Examples/` folder.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path

    static let minimal = """
        sites:
          - { id: main, name: Main, role: primary }
        services:
          - { id: web, name: Web, tier: 1, rto: 15m, rpo: 5s, critical: true }
        checks:
          - { site: main, service: web, http: { url: "http://127.0.0.1:8080/health" } }
        """

    func parse(_ text: String, folder: String = "/nonexistent") -> Result<AgentConfig, InvalidConfig> {
        ConfigFile.parse(text, file: "test.yaml", folder: folder)
    }

    func problems(_ text: String, folder: String = "/nonexistent") -> [String] {
        if case .failure(let invalid) = parse(text, folder: folder) { return invalid.problems.map(\.description) }
        return []
    }

    @Test("every file in Examples/ validates")
    func examplesValidate() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples).filter { $0.hasSuffix(".yaml") }
        #expect(files.contains("three-sites.yaml") && files.contains("one-site.yaml"))
        for file in files {
            let result = ConfigFile.load(path: Self.examples + "/" + file)
            if case .failure(let invalid) = result { Issue.record("\(file): \(invalid)") }
        }
    }

    @Test("the demo plays the three-site example: the file compiled into warroom is Examples/three-sites.yaml")
    func threeSitesIsTheDemo() throws {
        let config = try ConfigFile.load(path: Self.examples + "/three-sites.yaml").get()
        let demo = try DemoTopology.seeds.get()
        #expect(config.sites.map { [$0.id, $0.name, $0.location, $0.role.rawValue, "\($0.capacityPercent)"] }
                == demo.sites.map { [$0.id, $0.name, $0.location, $0.role.rawValue, "\($0.capacityPercent)"] })
        #expect(config.services == demo.services)
        #expect(config.links == demo.links, "in the file's order, which the simulator's draws follow")
        var simulator = Simulator(Simulator.Configuration(seed: 7, startAt: 0, topology: demo))
        guard case .topology(let sites, let services, let links)? = simulator.advance(to: 0).first else {
            Issue.record("the simulator's first event is not the topology")
            return
        }
        #expect(sites.map(\.id) == config.sites.map(\.id) && services == config.services && links == config.links)
        #expect(config.failover["new-york"]?.toSiteID == "london")
        #expect(config.decisionModes == ["new-york": .hybrid, "london": .manual, "singapore": .manual])
        #expect(config.sites.first?.decision == SiteDecision(mode: .hybrid, criticalTiers: [1]), "kept on the site for the cache")
        // Readiness: each site's failover, the most approvers a step needs, the people its policy names here.
        let prepared = config.preparedFailovers(approversOnRecord: { $0.groups.isEmpty ? nil : 3 })
        #expect(prepared.map { "\($0.fromSiteID)>\($0.toSiteID) \($0.approversRequired) \($0.approversOnRecord ?? -1)" }
                == ["new-york>london 2 3", "london>singapore 2 3"])
        #expect(prepared.first?.runbookHash == config.failover["new-york"]?.runbook.contentHash)
        #expect(config.socket.group == "warroom-operators" && config.socket.mode == 0o660)
    }

    @Test("defaults fill what a check leaves out; a link's RPO defaults to the strictest owner's")
    func defaults() throws {
        let config = try parse(Self.minimal + """

            defaults: { interval: 10s, timeout: 3s, jitter: 0s }
            """).get()
        let check = try #require(config.checks.first)
        #expect(check.name == "main/web/http")
        #expect(check.intervalSeconds == 10 && check.timeoutSeconds == 3 && check.jitterSeconds == 0)
        #expect(config.detection == DetectionThresholds(failedRounds: 3, recoveredRounds: 3, antiFlapSeconds: 1800, roundSeconds: 10),
                "detection rounds follow the checks' default interval")
        #expect(config.decisionModes["main"] == .manual)
        #expect(config.criticalServiceIDs == ["web"])
    }

    @Test("a problem on line 5 is reported at line 5, with its column and field")
    func lineFive() {
        let text = """
            sites:
              - { id: main, name: Main, role: primary }
            services:
              - { id: web, name: Web, tier: 1, rto: 15m, rpo: 5s }
              - { id: api, name: API, tier: 0, rto: 15m, rpo: 5s }
            checks:
              - { site: main, service: web, tcp: { host: 127.0.0.1, port: 80 } }
            """
        #expect(problems(text) == ["test.yaml:5:33: services[2].tier: must be 1 to 9 (got 0)"])
    }

    @Test("every problem is reported in one pass, in file order; unknown keys are problems")
    func everyProblem() {
        let text = """
            sites:
              - { id: main, role: boss }
            services:
              - { id: web, tier: 1, rto: 15m, rpo: 5s, critcal: true }
            checks:
              - { site: main, service: web, tcp: { host: x, port: 70000 }, timeout: 10s, interval: 5s }
              - { site: nowhere, service: web }
            """
        #expect(problems(text) == [
            "test.yaml:2:23: sites[1].role: must be one of primary, secondary, tertiary (got 'boss')",
            "test.yaml:4:44: services[1].critcal: unknown field (known: critical, data, id, name, rpo, rto, tier)",
            "test.yaml:6:55: checks[1].tcp.port: must be 1 to 65535 (got 70000)",
            "test.yaml:6:73: checks[1].timeout: 10 s is longer than the interval of 5 s: rounds would overlap",
            "test.yaml:7:5: checks[2]: a check needs one of `http:`, `tcp:` or `command:`",
            "test.yaml:7:13: checks[2].site: no site 'nowhere' (sites: main)",
        ])
    }

    @Test("a YAML syntax error is reported with its line")
    func syntaxError() {
        #expect(problems("sites:\n  - id: a\n   role: x\n") == ["test.yaml:3:4: not valid YAML: did not find expected '-' indicator"])
        #expect(problems("") == ["test.yaml:1: the file is empty"])
    }

    @Test("secrets only by reference: an inline one is refused without repeating it")
    func secrets() throws {
        let inline = Self.minimal.replacingOccurrences(
            of: #"http: { url: "http://127.0.0.1:8080/health" }"#,
            with: #"http: { url: "http://127.0.0.1:8080/health", headers: { Authorization: "Bearer hunter2" } }"#)
        let found = problems(inline)
        #expect(found.count == 1)
        #expect(found.first?.contains("headers.Authorization: looks like a secret: give it as env:NAME or file:PATH") == true)
        #expect(!found.joined().contains("hunter2"))
        let referenced = inline.replacingOccurrences(of: "Bearer hunter2", with: "env:HEALTH_TOKEN")
        let check = try #require(try parse(referenced).get().checks.first)
        guard case .http(let http) = check.kind else { Issue.record("not an http check"); return }
        #expect(http.headers["Authorization"] == .secret(.environment("HEALTH_TOKEN")))
        #expect(SecretReference.file("/etc/warroom/token").description == "file:/etc/warroom/token")
    }

    @Test("runbooks are read too: their own problems name their file and line; one going elsewhere is refused")
    func runbooks() throws {
        let dir = TemporaryDirectory()
        try """
            name: Failover
            from: main
            to: backup
            steps:
              - { id: go, title: Go, command: [/bin/true], approval: sometimes }
            """.write(toFile: dir.file("bad.yaml"), atomically: true, encoding: .utf8)
        try """
            name: Failover
            from: main
            to: elsewhere
            steps:
              - { id: go, title: Go, command: [/bin/true] }
            """.write(toFile: dir.file("elsewhere.yaml"), atomically: true, encoding: .utf8)
        let config = """
            sites:
              - { id: main, name: Main, role: primary, failover: { to: backup, runbook: RUNBOOK } }
              - { id: backup, name: Backup, role: secondary }
            services:
              - { id: web, name: Web, tier: 1, rto: 15m, rpo: 5s, critical: true }
            checks:
              - { site: main, service: web, tcp: { host: 127.0.0.1, port: 80 } }
            """
        #expect(problems(config.replacingOccurrences(of: "RUNBOOK", with: "bad.yaml"), folder: dir.path)
                == ["\(dir.file("bad.yaml")):5: steps[1].approval: must be `required` or `none` (got 'sometimes')"])
        #expect(problems(config.replacingOccurrences(of: "RUNBOOK", with: "elsewhere.yaml"), folder: dir.path)
                == ["test.yaml:2:77: sites[1].failover.runbook: elsewhere.yaml fails over main → elsewhere, not main → backup"])
        #expect(problems(config.replacingOccurrences(of: "RUNBOOK", with: "missing.yaml"), folder: dir.path)
                == ["\(dir.file("missing.yaml")):0: cannot read the file"])
    }

    @Test("a site's restore runbook is read; one that is not a restore of that site in place is refused")
    func restoreRunbook() throws {
        let dir = TemporaryDirectory()
        try """
            name: Restore main
            kind: restore
            site: main
            steps:
              - { id: restore, title: Restore from backup, command: [/bin/true] }
            """.write(toFile: dir.file("restore.yaml"), atomically: true, encoding: .utf8)
        try """
            name: Failover
            from: main
            to: backup
            steps:
              - { id: go, title: Go, command: [/bin/true] }
            """.write(toFile: dir.file("failover.yaml"), atomically: true, encoding: .utf8)
        let config = """
            sites:
              - { id: main, name: Main, role: primary, restore: { runbook: RUNBOOK } }
              - { id: backup, name: Backup, role: secondary }
            services:
              - { id: web, name: Web, tier: 1, rto: 15m, rpo: 5s, critical: true }
            checks:
              - { site: main, service: web, tcp: { host: 127.0.0.1, port: 80 } }
            """
        let read = try parse(config.replacingOccurrences(of: "RUNBOOK", with: "restore.yaml"), folder: dir.path).get()
        #expect(read.restore["main"]?.runbook.name == "Restore main" && read.failover.isEmpty)
        #expect(problems(config.replacingOccurrences(of: "RUNBOOK", with: "failover.yaml"), folder: dir.path)
                == ["test.yaml:2:64: sites[1].restore.runbook: failover.yaml does not restore main in place (it needs `kind: restore` and `site: main`)"])
    }
}
