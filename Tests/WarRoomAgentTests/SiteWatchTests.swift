import Testing
import WarRoomAgent
import WarRoomModel
import WarRoomProbes

@Suite("The agent's response to an outage: incident, evidence, plan, decision mode, automation state")
struct SiteWatchTests {
    static let runbookText = """
        name: Fail over Main to Standby
        from: main
        to: standby
        approvers: { users: [carol] }
        steps:
          - { id: confirm, title: Confirm, command: [echo, confirmed] }
          - { id: promote, title: Promote, command: [echo, promoted], approval: required, approvers: 2 }
        """

    static func config(mode: DecisionMode) throws -> AgentConfig {
        var config = AgentConfig()
        config.sites = [Site(id: "main", name: "Main", location: "", role: .primary, capacityPercent: 100, loadPercent: 0),
                        Site(id: "standby", name: "Standby", location: "", role: .secondary, capacityPercent: 100, loadPercent: 0)]
        config.services = [Service(id: "api", name: "API", tier: 1, rtoSeconds: 900, rpoSeconds: 5),
                           Service(id: "batch", name: "Batch", tier: 3, rtoSeconds: 7200, rpoSeconds: 3600)]
        config.criticalServiceIDs = ["api", "batch"]
        for site in ["main", "standby"] {
            for service in ["api", "batch"] {
                config.checks.append(CheckSpec(name: "\(site)/\(service)", siteID: site, serviceID: service,
                                               kind: .tcp(TCPCheck(host: "127.0.0.1", port: 1)), intervalSeconds: 5,
                                               timeoutSeconds: 2, jitterSeconds: 0))
            }
        }
        config.detection = DetectionThresholds(failedRounds: 3, recoveredRounds: 2, antiFlapSeconds: 1800, roundSeconds: 5)
        config.decisionModes = ["main": mode]
        let runbook = try RunbookFile.parse(runbookText, file: "failover.yaml")
        config.failover["main"] = AgentConfig.FailoverRoute(toSiteID: "standby", runbook: runbook, runbookPath: "failover.yaml")
        return config
    }

    /// Health results for one round at `main` (`standby` stays ok).
    static func round(api: HealthState, batch: HealthState = .ok, at instant: EpochMillis) -> [AgentEvent] {
        [.health(HealthCheck(siteID: "main", serviceID: "api", state: api, latencyMs: nil, errorRate: nil, observedAt: instant,
                             detail: api == .critical ? "connection refused" : "")),
         .health(HealthCheck(siteID: "main", serviceID: "batch", state: batch, latencyMs: nil, errorRate: nil, observedAt: instant)),
         .health(HealthCheck(siteID: "standby", serviceID: "api", state: .ok, latencyMs: nil, errorRate: nil, observedAt: instant)),
         .health(HealthCheck(siteID: "standby", serviceID: "batch", state: .ok, latencyMs: nil, errorRate: nil, observedAt: instant))]
    }

    /// Runs rounds 5 s apart (the first only starts the round clock) and returns every event the watch wrote.
    static func run(_ watch: inout SiteWatch, _ states: [HealthState], from start: EpochMillis = 0,
                    automation: Automation? = armed, resolved: Set<String> = []) -> [AgentEvent] {
        var written: [AgentEvent] = []
        for (index, state) in states.enumerated() {
            let now = start.adding(seconds: Double(index) * 5)
            written += watch.respond(to: round(api: state, at: now), at: now, incidentIsOpen: { !resolved.contains($0) }) { automation }
        }
        return written
    }

    static let armed = Automation(antiFlapSeconds: 1800)

    static func texts(_ events: [AgentEvent]) -> [String] {
        events.compactMap { if case .timeline(let line) = $0 { line.text } else { nil } }
    }

    static func plans(_ events: [AgentEvent]) -> [(FailoverPlan, [PlanStep])] {
        events.compactMap { if case .plan(let plan, let steps) = $0 { (plan, steps) } else { nil } }
    }

    static func incidents(_ events: [AgentEvent]) -> [Incident] {
        events.compactMap { if case .incident(let incident) = $0 { incident } else { nil } }
    }

    @Test("the third failed round opens one incident dated from the first failure, with the evidence, and proposes the runbook")
    func detection() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical])
        let incidents = Self.incidents(events)
        #expect(incidents.count == 1)
        #expect(incidents.first?.id == "INC-0001" && incidents.first?.siteID == "main" && incidents.first?.severity == .sev1)
        #expect(incidents.first?.impactStartedAt == 5000, "the outage began at the first failed round")
        let texts = Self.texts(events)
        #expect(texts.contains { $0.hasPrefix("API at Main failing since") && $0.hasSuffix("connection refused") })
        #expect(texts.contains("3 consecutive failed rounds of critical checks: Main is down"))
        #expect(Self.plans(events).map(\.0.id) == ["PLAN-0001"])
    }

    @Test("the incident's number comes from the cache's counter, shared with operators declaring incidents")
    func sharedNumbering() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual), reserveIncidentNumber: { 12 })
        #expect(Self.incidents(Self.run(&watch, [.ok, .critical, .critical, .critical])).map(\.id) == ["INC-0012"])
    }

    @Test("manual: every step waits for approval, even one the runbook lets run on its own")
    func manual() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical])
        let steps = try #require(Self.plans(events).first).1
        #expect(steps.map(\.state) == [.awaitingApproval, .awaitingApproval])
        #expect(steps.map(\.approversRequired) == [1, 2], "the runbook's two-person rule is kept")
        #expect(!events.contains { if case .automaticFailover = $0 { true } else { false } })
        #expect(Self.texts(events).contains { $0.contains("decision mode manual") })
    }

    @Test("automatic: steps run on their own except those the runbook marks approval: required; the anti-flap clock starts")
    func automatic() throws {
        var watch = SiteWatch(config: try Self.config(mode: .automatic))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical])
        let steps = try #require(Self.plans(events).first).1
        #expect(steps.map(\.state) == [.pending, .awaitingApproval])
        #expect(events.contains(.automaticFailover(planID: "PLAN-0001", at: 15000)))
    }

    @Test("hybrid: automatic for a failing tier-1 service, manual when only a lower tier fails, with the branch on the timeline")
    func hybrid() throws {
        var tierOne = SiteWatch(config: try Self.config(mode: .hybrid))
        let critical = Self.run(&tierOne, [.ok, .critical, .critical, .critical])
        #expect(try #require(Self.plans(critical).first).1.first?.state == .pending)
        #expect(Self.texts(critical).contains { $0.contains("hybrid: API (tier 1) is failing") })

        var lowerTier = SiteWatch(config: try Self.config(mode: .hybrid))
        var events: [AgentEvent] = []
        for index in 0..<4 {
            let now = EpochMillis(index * 5000)
            events += lowerTier.respond(to: Self.round(api: .ok, batch: index == 0 ? .ok : .critical, at: now), at: now) { Self.armed }
        }
        #expect(try #require(Self.plans(events).first).1.first?.state == .awaitingApproval)
        #expect(Self.texts(events).contains { $0.contains("no failing service is in a critical tier") })
    }

    @Test("paused or held back by the anti-flap window, an automatic decision waits for approval and says why")
    func pausedOrHeldBack() throws {
        let paused = Automation(antiFlapSeconds: 1800,
                                pause: AutomationPause(by: "carol", reason: "maintenance", at: 0, until: nil))
        var watch = SiteWatch(config: try Self.config(mode: .automatic))
        let whilePaused = Self.run(&watch, [.ok, .critical, .critical, .critical], automation: paused)
        #expect(try #require(Self.plans(whilePaused).first).1.map(\.state) == [.awaitingApproval, .awaitingApproval])
        #expect(Self.texts(whilePaused).contains { $0.contains("paused by carol (maintenance)") })
        #expect(!whilePaused.contains { if case .automaticFailover = $0 { true } else { false } })

        let recent = Automation(antiFlapSeconds: 1800, lastAutomaticFailoverAt: 0)
        var held = SiteWatch(config: try Self.config(mode: .automatic))
        let heldBack = Self.run(&held, [.ok, .critical, .critical, .critical], from: 60_000, automation: recent)
        #expect(try #require(Self.plans(heldBack).first).1.first?.state == .awaitingApproval)
        #expect(Self.texts(heldBack).contains { $0.hasPrefix("Automatic failover held back") })
    }

    @Test("a flapping site is up only after M healthy rounds; a second outage adds evidence to the open incident")
    func flapAndSecondOutage() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical, .ok, .critical, .ok, .ok,
                                       .critical, .critical, .critical])
        #expect(Self.incidents(events).count == 1)
        #expect(Self.plans(events).count == 1)
        let texts = Self.texts(events)
        #expect(texts.filter { $0.hasPrefix("Main up again") }.count == 1, "one healthy round between failures is a flap")
        #expect(texts.contains { $0.hasPrefix("Main down again") && $0.contains("no new one") })
    }

    @Test("a reloaded configuration goes on from the running watch: the round after the reload detects, and the site is seen to recover")
    func reloadKeepsCounts() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        #expect(Self.incidents(Self.run(&watch, [.ok, .critical, .critical])).isEmpty)
        watch = SiteWatch(config: try Self.config(mode: .manual)).continuing(from: watch)
        let detected = Self.run(&watch, [.critical], from: 15_000)
        #expect(Self.incidents(detected).map(\.impactStartedAt) == [5000], "the third failed round counts the two before the reload")
        let open = SiteWatch.ExistingRecords(openIncidentOfSite: ["main": "INC-0001"], highestIncidentNumber: 1,
                                             highestPlanNumber: 1)
        watch = SiteWatch(config: try Self.config(mode: .manual), existing: open).continuing(from: watch)
        let recovered = Self.run(&watch, [.ok, .ok], from: 20_000)
        #expect(Self.texts(recovered).contains { $0.hasPrefix("Main up again: 2 consecutive healthy rounds") })
        #expect(Self.incidents(recovered).isEmpty)
    }

    @Test("unknown results prove nothing: no detection, and no recovery either")
    func unknownProvesNothing() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        #expect(Self.incidents(Self.run(&watch, [.ok, .unknown, .unknown, .unknown, .unknown])).isEmpty)
        let events = Self.run(&watch, [.critical, .critical, .critical, .unknown, .unknown, .unknown], from: 100_000)
        #expect(Self.incidents(events).count == 1)
        #expect(!Self.texts(events).contains { $0.contains("up again") })
    }

    @Test("a new outage after the incident was resolved opens a new incident, not evidence on the resolved one")
    func outageAfterResolve() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual))
        let first = Self.run(&watch, [.ok, .critical, .critical, .critical, .ok, .ok])
        #expect(Self.incidents(first).map(\.id) == ["INC-0001"])
        let again = Self.run(&watch, [.critical, .critical, .critical], from: 100_000, resolved: ["INC-0001"])
        #expect(Self.incidents(again).map(\.id) == ["INC-0002"])
        #expect(Self.incidents(again).first?.impactStartedAt == 100_000)
        #expect(!Self.texts(again).contains { $0.contains("no new one") })
    }

    @Test("an agent restarted during an outage with no open incident dates the new one from the outage's start as stored")
    func restartDuringOutage() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual), existing: SiteWatch.ExistingRecords(
            highestIncidentNumber: 2, criticalSince: ["main": ["api": 42_000, "batch": 1_000]]))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical], from: 600_000)
        #expect(Self.incidents(events).map(\.impactStartedAt) == [42_000], "the failing service's stored start, not the restart's")
        // Once recovered, a later outage is dated from its own first failure.
        let later = Self.run(&watch, [.ok, .ok, .critical, .critical, .critical], from: 700_000, resolved: ["INC-0003"])
        #expect(Self.incidents(later).map(\.impactStartedAt) == [710_000])
    }

    @Test("an agent restarted during an outage finds its open incident and numbers on from the cache")
    func restart() throws {
        var watch = SiteWatch(config: try Self.config(mode: .manual), existing: SiteWatch.ExistingRecords(
            openIncidentOfSite: ["main": "INC-0004"], highestIncidentNumber: 4, highestPlanNumber: 7))
        let events = Self.run(&watch, [.ok, .critical, .critical, .critical])
        #expect(Self.incidents(events).isEmpty && Self.plans(events).isEmpty)
        #expect(events.contains { if case .timeline(let line) = $0 { line.incidentID == "INC-0004" } else { false } })
    }
}

@Suite("Pausing and resuming automatic failover")
struct AutomationTests {
    let automation = Automation(antiFlapSeconds: 600)
    let approvers = ApproverPolicy(users: ["carol"], groups: ["dr-leads"])
    let carol = OperatorIdentity(name: "carol")

    @Test("only an approver may pause, with a reason, until a time to come")
    func pauseRules() {
        let mallory = OperatorIdentity(name: "mallory")
        #expect(automation.pausing(by: mallory, approvers: approvers, reason: "x", until: nil, at: 0)
            == .failure(ActionRefusal("mallory may not pause automatic failover: only users carol and groups dr-leads may")))
        #expect(automation.pausing(by: OperatorIdentity(name: "dave", groups: ["dr-leads"]), approvers: approvers, reason: "drill", until: nil, at: 0).isSuccess)
        #expect(automation.pausing(by: carol, approvers: approvers, reason: "  ", until: nil, at: 0) == .failure(ActionRefusal("a pause needs a reason (--reason)")))
        #expect(automation.pausing(by: carol, approvers: approvers, reason: "x", until: 1000, at: 2000)
            == .failure(ActionRefusal("the pause would end at 1970-01-01 00:00:01 UTC, which has passed")))
    }

    @Test("paused wins over held back; a pause ends at its time; held back counts down from the last automatic failover")
    func status() {
        var paused = automation
        paused.lastAutomaticFailoverAt = 0
        paused.pause = AutomationPause(by: "carol", reason: "drill", at: 0, until: 120_000)
        #expect(paused.status(at: 60_000).name == "paused")
        #expect(paused.status(at: 120_000) == .heldBack(since: 0, until: 600_000))
        #expect(paused.describe(at: 300_000).hasPrefix("held back 5m more"))
        #expect(paused.status(at: 600_000) == .armed)
    }

    @Test("resume needs a pause to end")
    func resume() {
        #expect(automation.resuming(by: carol, approvers: approvers, at: 0) == .failure(ActionRefusal("automatic failover is not paused (it is armed)")))
        var paused = automation
        paused.pause = AutomationPause(by: "carol", reason: "drill", at: 0, until: nil)
        #expect(paused.resuming(by: carol, approvers: approvers, at: 10).isSuccess)
        #expect(paused.resuming(by: carol, approvers: ApproverPolicy(), at: 10)
            == .failure(ActionRefusal("carol may not resume automatic failover: the configuration names no approvers")))
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

@Suite("What a drill against a configuration takes as failed")
struct DrillGroundTests {
    @Test("site failure and partition fail the configured primary over; failback runs the promoted site's runbook back; refusals in words")
    func ground() throws {
        var config = try SiteWatchTests.config(mode: .manual)
        let ground = RunningConfiguration(config)
        let asConfigured = config.sites
        func site(_ result: Result<(site: Site, route: AgentConfig.FailoverRoute, configuration: AgentConfig), ActionRefusal>) -> String {
            switch result {
            case .success(let found): "\(found.site.id) → \(found.route.toSiteID)"
            case .failure(let refusal): refusal.reason
            }
        }
        #expect(site(ground.plan(.siteFailure, current: asConfigured, runbookHash: nil)) == "main → standby")
        #expect(site(ground.plan(.networkPartition, current: [], runbookHash: nil)) == "main → standby")
        #expect(site(ground.plan(.failback, current: asConfigured, runbookHash: nil))
                == "nothing to fail back: Main is the primary, as configured")
        #expect(site(ground.plan(.dataCorruption, current: asConfigured, runbookHash: nil))
                == "no restore runbook is configured for Main (sites[].restore.runbook): nothing to drill")
        let restore = try RunbookFile.parse("""
            name: Restore main
            kind: restore
            site: main
            steps: [{ id: restore, title: Restore from backup, command: [/bin/true] }]
            """, file: "restore.yaml")
        var withRestore = config
        withRestore.restore["main"] = AgentConfig.FailoverRoute(toSiteID: "main", runbook: restore, runbookPath: "restore.yaml")
        #expect(site(RunningConfiguration(withRestore).plan(.dataCorruption, current: asConfigured, runbookHash: nil)) == "main → main")
        #expect(site(ground.plan(.siteFailure, current: asConfigured, runbookHash: "sha256:other"))
                == "the agent runs another version of failover.yaml: reload it (SIGHUP) first")
        // After a failover the standby answers as the primary.
        var promoted = asConfigured
        promoted[0].role = .secondary
        promoted[1].role = .primary
        #expect(site(ground.plan(.siteFailure, current: promoted, runbookHash: nil))
                == "Standby is the primary now, not Main: drill the failback first")
        #expect(site(ground.plan(.failback, current: promoted, runbookHash: nil)) == "no failover is configured for Standby: nothing to drill")
        let back = try RunbookFile.parse(SiteWatchTests.runbookText.replacingOccurrences(of: "from: main", with: "from: standby")
                                            .replacingOccurrences(of: "to: standby", with: "to: main"), file: "back.yaml")
        config.failover["standby"] = AgentConfig.FailoverRoute(toSiteID: "main", runbook: back, runbookPath: "back.yaml")
        #expect(site(RunningConfiguration(config).plan(.failback, current: promoted, runbookHash: nil)) == "standby → main")
        #expect(site(RunningConfiguration().plan(.siteFailure, current: [], runbookHash: nil))
                == "this agent runs no configuration to drill against (the demo drills with `warroom drill --demo`)")
    }
}
