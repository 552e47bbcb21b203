import WarRoomModel

/// Turns the checks' results into the agent's response to an outage (seed 001
/// §6.2, §7): every detection round it looks at the latest result of each
/// site's critical checks, feeds the ``SiteDetector``, and when a site is down
/// opens one incident with the evidence, decides by the site's decision mode,
/// and proposes the site's runbook as a plan. A second detection while that
/// incident is open adds evidence to it; it never opens another. (An
/// incident nobody takes command of is escalated by the cache's upkeep,
/// ``CommanderEscalation``, whoever opened it.)
///
/// Pure: it sees events and the automation state, and answers with events
/// for the loop to write in the same transaction.
public struct SiteWatch: Sendable {
    let config: AgentConfig
    /// This warroom's version, carried by its views.
    private let version: String
    private var detector: SiteDetector
    /// Critical service ids checked at each site.
    private let criticalAt: [String: [String]]
    private var latest: [String: HealthCheck] = [:]
    /// When the next detection round is due: rounds keep to a grid of
    /// `roundSeconds` from the first, so the same observations give the same
    /// rounds however the loop's batches fall (the demo is reproducible by seed).
    public private(set) var nextRoundAt: EpochMillis?
    /// The open incident of each site the agent opened one for.
    var incidentOfSite: [String: String]
    /// The failing services last written as evidence, per site.
    private var lastEvidence: [String: [String]] = [:]
    private var incidentCount: Int
    /// What the cache recorded as critical when the agent started: an outage that
    /// outlived a restart is dated from there, once, by its first detection.
    private var storedCriticalSince: [String: [String: EpochMillis]] = [:]
    private var planCount: Int
    /// Hand out the next incident and plan numbers from the cache's counters,
    /// which operators opening incidents and drills share; `nil` (or a failed
    /// read) counts on from `incidentCount` and `planCount`.
    private let reserveIncidentNumber: (@Sendable () -> Int?)?
    private let reservePlanNumber: (@Sendable () -> Int?)?
    /// Put before the title of every incident it opens (a drill's, so nobody mistakes it for an outage).
    private let incidentTitlePrefix: String

    /// Starts the rounds' grid at `start` (the agent clock's start), unless it runs already.
    public mutating func beginRounds(at start: EpochMillis) {
        if nextRoundAt == nil { nextRoundAt = start.adding(seconds: config.detection.roundSeconds) }
    }

    /// - parameter existing: what the cache already holds, so numbering goes on
    ///   and an incident left open by an earlier run is found again.
    public init(config: AgentConfig, existing: ExistingRecords = ExistingRecords(),
                reserveIncidentNumber: (@Sendable () -> Int?)? = nil, reservePlanNumber: (@Sendable () -> Int?)? = nil,
                incidentTitlePrefix: String = "", version: String = "") {
        self.config = config
        self.version = version
        self.incidentTitlePrefix = incidentTitlePrefix
        self.reserveIncidentNumber = reserveIncidentNumber
        self.reservePlanNumber = reservePlanNumber
        detector = SiteDetector(thresholds: config.detection)
        var critical: [String: [String]] = [:]
        for check in config.checks where config.criticalServiceIDs.contains(check.serviceID) {
            if !critical[check.siteID, default: []].contains(check.serviceID) {
                critical[check.siteID, default: []].append(check.serviceID)
            }
        }
        criticalAt = critical
        incidentOfSite = existing.openIncidentOfSite
        storedCriticalSince = existing.criticalSince
        incidentCount = existing.highestIncidentNumber
        planCount = existing.highestPlanNumber
    }

    /// This watch, built from a reloaded configuration, going on from
    /// `previous`: the rounds each site has failed or passed, whether it is
    /// down, the latest results and the round clock. Built afresh, a SIGHUP in
    /// the middle of an outage started detection over, and a site already down
    /// was never seen to come back.
    public func continuing(from previous: SiteWatch) -> SiteWatch {
        var watch = self
        watch.detector = previous.detector.judged(by: config.detection)
        watch.latest = previous.latest
        watch.nextRoundAt = previous.nextRoundAt
        watch.lastEvidence = previous.lastEvidence
        watch.roundNumber = previous.roundNumber
        watch.failingRounds = previous.failingRounds
        watch.views = previous.views
        watch.lastVerdict = previous.lastVerdict
        watch.latestLinks = previous.latestLinks
        watch.decided = previous.decided
        return watch
    }

    /// What the cache held when the agent started.
    public struct ExistingRecords: Sendable, Equatable {
        public var openIncidentOfSite: [String: String]
        public var highestIncidentNumber: Int
        public var highestPlanNumber: Int
        /// Per site, the services the cache last recorded as critical, and since when.
        public var criticalSince: [String: [String: EpochMillis]]

        public init(openIncidentOfSite: [String: String] = [:], highestIncidentNumber: Int = 0, highestPlanNumber: Int = 0,
                    criticalSince: [String: [String: EpochMillis]] = [:]) {
            self.openIncidentOfSite = openIncidentOfSite
            self.highestIncidentNumber = highestIncidentNumber
            self.highestPlanNumber = highestPlanNumber
            self.criticalSince = criticalSince
        }
    }

    /// Takes in `events` and runs every detection round due by `now`; `automation`
    /// is read only when a plan is proposed.
    ///
    /// `incidentIsOpen` is asked when a site goes down again with an incident
    /// on record: once an operator resolved it, the new outage is a new incident.
    public mutating func respond(to events: [AgentEvent], at now: EpochMillis, incidentIsOpen: (String) -> Bool = { _ in true },
                                 automation: () -> Automation?) -> [AgentEvent] {
        for case .health(let check) in events where config.criticalServiceIDs.contains(check.serviceID) {
            latest[Self.key(check.siteID, check.serviceID)] = check
        }
        for case .replication(let seen) in events { latestLinks[seen.linkID] = seen }
        justFollowed = [:]
        for case .sharedIncidents(let records, _) in events { follow(records) }
        var response: [AgentEvent] = []
        for case .cluster(let status) in events {
            response += respond(toCluster: status, at: now, incidentIsOpen: incidentIsOpen, automation: automation)
        }
        guard let due = nextRoundAt else {
            nextRoundAt = now.adding(seconds: config.detection.roundSeconds)
            return response
        }
        guard now >= due else { return response }
        // On the grid; rounds a stalled loop missed are skipped, never judged twice on the same results.
        var next = due.adding(seconds: config.detection.roundSeconds)
        while next <= now { next = next.adding(seconds: config.detection.roundSeconds) }
        nextRoundAt = next
        roundNumber += 1
        var views: [ObserverView] = []
        for site in config.sites {
            let services = criticalAt[site.id] ?? []
            let round = services.isEmpty ? nil : round(at: site, services: services)
            var event: DetectionEvent?
            if let round {
                // A failing round is dated by its earliest failed check: the RTO clock starts when the impact was seen.
                let seenAt = round.isEmpty ? now : min(now, services.compactMap { latest[Self.key(site.id, $0)] }
                    .filter { $0.state == .critical }.map(\.observedAt).min() ?? now)
                event = detector.observe(siteID: site.id, failing: round, at: seenAt)
                failingRounds[site.id] = round.isEmpty ? 0 : failingRounds[site.id, default: 0] + 1
            }
            if let observer = observerSiteID {
                views.append(view(of: site.id, by: observer, round: round, at: now))
            } else if let event {
                response += respond(to: event, site: site, at: now, incidentIsOpen: incidentIsOpen, automation: automation)
            }
        }
        if observerSiteID != nil { self.views = views }
        return response
    }

    /// This agent's view of `siteID` after a round: `failing` is the round's
    /// failing critical services, `nil` when the round proved nothing.
    private func view(of siteID: String, by observer: String, round failing: [FailingService]?, at now: EpochMillis) -> ObserverView {
        let state: ObservedState = failing.map { $0.isEmpty ? .up : .down } ?? .unknown
        return ObserverView(observerSiteID: observer, siteID: siteID, state: state, failing: failing ?? [],
                            failedRounds: state == .down ? failingRounds[siteID, default: 0] : 0, observedAt: now, round: roundNumber,
                            version: version)
    }

    /// This agent's view of every site after the last detection round, for its
    /// cluster (empty before the first round). In a cluster an agent observes:
    /// its own rounds open nothing; the decider opens incidents for verdicts.
    public private(set) var views: [ObserverView] = []
    private var roundNumber: Int64 = 0
    /// Consecutive rounds in which each site had a critical service failing (an undecided round changes nothing).
    private var failingRounds: [String: Int] = [:]
    /// The last verdict on each site, so each change is said once.
    var lastVerdict: [String: SiteVerdictKind] = [:]
    /// Whether this agent decided at the last read of its cluster (false while cut off).
    var decided = false

    /// Whether this agent's executor may move plans' steps: always for an
    /// agent alone; in a cluster only while it decides. A decider cut off
    /// stops before its lease can lapse (a round ends within the round, the
    /// lease lasts several), so the next decider never runs a step beside it.
    public var runsSteps: Bool { observerSiteID == nil || decided }
    /// The mirrored incidents of the events being answered, open or not: the
    /// cache has them only once these events are written.
    var justFollowed: [String: Bool] = [:]
    /// The latest measurement of each replication link, for the evidence that a site's primary still serves.
    var latestLinks: [String: ReplicationObservation] = [:]

    /// The site this agent observes from, when it is one of a cluster's.
    var observerSiteID: String? { config.cluster == nil ? nil : config.site }

    /// The critical services failing at `site` in this round; `nil` when the
    /// round proves nothing either way (a check without a result, or unknown).
    private func round(at site: Site, services: [String]) -> [FailingService]? {
        var failing: [FailingService] = []
        var undecided = false
        for service in services {
            guard let check = latest[Self.key(site.id, service)] else {
                undecided = true
                continue
            }
            switch check.state {
            case .critical: failing.append(FailingService(serviceID: service, reason: check.detail.isEmpty ? "critical" : check.detail))
            case .unknown, .stale: undecided = true
            case .ok, .warning: break
            }
        }
        if !failing.isEmpty { return failing }
        return undecided ? nil : []
    }

    private mutating func respond(to event: DetectionEvent, site: Site, at now: EpochMillis, incidentIsOpen: (String) -> Bool,
                                  automation: () -> Automation?) -> [AgentEvent] {
        switch event {
        case .down(_, let since, let evidence):
            let stored = storedCriticalSince.removeValue(forKey: site.id) ?? [:]
            if let open = incidentOfSite[site.id] {
                if incidentIsOpen(open) {
                    lastEvidence[site.id] = evidence.map(\.serviceID)
                    return [timeline(open, .detection, "\(site.name) down again (\(config.detection.failedRounds) failed rounds): \(describe(evidence)); evidence added to this incident, no new one", at: now)]
                }
                incidentOfSite[site.id] = nil
            }
            // Failing since before this agent started: the outage began when the cache first saw it.
            let carried = evidence.compactMap { stored[$0.serviceID] }.min()
            return open(site: site, since: min(since, carried ?? since), evidence: evidence, at: now, automation: automation)
        case .stillDown(_, let evidence):
            guard let open = incidentOfSite[site.id], lastEvidence[site.id] != evidence.map(\.serviceID) else { return [] }
            lastEvidence[site.id] = evidence.map(\.serviceID)
            return [timeline(open, .detection, "\(site.name) still down; now failing: \(describe(evidence))", at: now)]
        case .up(_, let downSince):
            lastEvidence[site.id] = nil
            storedCriticalSince[site.id] = nil
            guard let open = incidentOfSite[site.id] else { return [] }
            return [timeline(open, .detection, "\(site.name) up again: \(config.detection.recoveredRounds) consecutive healthy rounds after \(Format.seconds(now.seconds(since: downSince))) down. The incident stays open until it is resolved.", at: now)]
        }
    }

    mutating func open(site: Site, since: EpochMillis, evidence: [FailingService], at now: EpochMillis,
                               automation: () -> Automation?) -> [AgentEvent] {
        incidentCount = reserveIncidentNumber?() ?? incidentCount + 1
        let id = "INC-" + Format.pad(incidentCount, 4)
        incidentOfSite[site.id] = id
        lastEvidence[site.id] = evidence.map(\.serviceID)
        let failingServices = evidence.compactMap { failure in config.services.first { $0.id == failure.serviceID } }
        let worst = failingServices.min { $0.tier < $1.tier }
        let incident = Incident(id: id, title: incidentTitlePrefix + "\(site.name) \(site.role.rawValue) site down", severity: worst?.tier == 1 ? .sev1 : .sev2,
                                status: .investigating, commander: nil, serviceID: worst?.id, impactStartedAt: since, openedAt: now,
                                siteID: site.id)
        var events: [AgentEvent] = [.incident(incident)]
        for failure in evidence {
            events.append(timeline(id, .detection, "\(name(of: failure.serviceID)) at \(site.name) failing since \(Format.utc(since)): \(failure.reason)", at: now))
        }
        events.append(timeline(id, .detection, "\(config.detection.failedRounds) consecutive failed rounds of critical checks: \(site.name) is down", at: now))
        events.append(timeline(id, .incident, "Incident opened (\(incident.severity.rawValue.uppercased())); paging the on-call incident commander", at: now))
        events += propose(for: site, evidence: evidence, incidentID: id, at: now, automation: automation)
        return events
    }

    /// The site's runbook as a plan, automatic or waiting for approval by the decision mode and automation state.
    private mutating func propose(for site: Site, evidence: [FailingService], incidentID: String, at now: EpochMillis,
                                  automation: () -> Automation?) -> [AgentEvent] {
        guard let route = config.failover[site.id] else {
            return [timeline(incidentID, .plan, "No failover is configured for \(site.name): nothing proposed", at: now)]
        }
        let decision = FailoverDecision.decide(configured: site.decision?.mode ?? .manual, failing: evidence,
                                               services: config.services, rule: config.hybridRule)
        var events = [timeline(incidentID, .automation, "Decision: \(decision.reason)", at: now)]
        var automatic = decision.mode == .automatic
        if automatic {
            switch automation()?.status(at: now) ?? .paused(AutomationPause(by: "agent", reason: "no automation state", at: now, until: nil)) {
            case .armed:
                break
            case .paused(let pause):
                automatic = false
                events.append(timeline(incidentID, .automation, "Automatic failover is paused by \(pause.by) (\(pause.reason)): every step waits for approval", at: now))
            case .heldBack(let last, let until):
                automatic = false
                events.append(timeline(incidentID, .automation, "Automatic failover held back: one ran at \(Format.utc(last)), the anti-flap window lasts until \(Format.utc(until)); every step waits for approval", at: now))
            }
        }
        planCount = reservePlanNumber?() ?? planCount + 1
        let planID = "PLAN-" + Format.pad(planCount, 4)
        let (plan, steps) = route.runbook.plan(id: planID, incidentID: incidentID, proposedBy: "agent", at: now,
                                               everyStepNeedsApproval: !automatic)
        let target = config.sites.first { $0.id == route.toSiteID }?.name ?? route.toSiteID
        let awaiting = steps.filter { $0.state == .awaitingApproval }.count
        events.append(.plan(plan, steps: steps))
        if automatic { events.append(.automaticFailover(planID: planID, at: now)) }
        events.append(timeline(incidentID, .plan, "Failover plan \(planID) proposed: \(site.name) → \(target) (\(steps.count) steps, \(awaiting) await approval; \(automatic ? "runs automatically" : "manual"))", at: now))
        return events
    }

    private func describe(_ evidence: [FailingService]) -> String {
        evidence.map { "\(name(of: $0.serviceID)) (\($0.reason))" }.joined(separator: ", ")
    }

    private func name(of serviceID: String) -> String {
        config.services.first { $0.id == serviceID }?.name ?? serviceID
    }

    func timeline(_ incidentID: String, _ kind: TimelineKind, _ text: String, at now: EpochMillis) -> AgentEvent {
        .timeline(TimelineEvent(incidentID: incidentID, at: now, kind: kind, actor: "agent", text: text))
    }

    private static func key(_ siteID: String, _ serviceID: String) -> String { siteID + "\u{1F}" + serviceID }
}
