import Foundation
import WarRoomModel

/// What the operator socket's requests run against: the configuration the
/// agent runs now (swapped on reload), or none for an agent without one (the
/// demo, whose drills the simulator plays), and its cluster's decisions.
public final class RunningConfiguration: @unchecked Sendable {
    private var current: AgentConfig?
    private var currentDecisions: (any SharedDecisions)?
    private let lock = NSLock()

    public init(_ configuration: AgentConfig? = nil, decisions: (any SharedDecisions)? = nil) {
        current = configuration
        currentDecisions = decisions
    }

    public var configuration: AgentConfig? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// Where decisions on steps are recorded in the running cluster; `nil` for an agent alone.
    public var decisions: (any SharedDecisions)? {
        get { lock.withLock { currentDecisions } }
        set { lock.withLock { currentDecisions = newValue } }
    }

    /// The scenarios a drill against a configuration can run: a site failure
    /// and a network partition fail the primary over by its runbook; a failback
    /// runs the runbook of the site that is the primary now (after a failover)
    /// back to the configured primary; a data corruption runs the primary's
    /// restore runbook (`sites[].restore`).
    public static let scenarios: [DrillScenario] = DrillScenario.allCases

    /// The site a `scenario` drill takes as failed and the runbook it
    /// proposes, or why there is none. `current` is the sites as the cache
    /// sees them now (a promoted standby is the primary). `runbookHash`, when
    /// given, is the runbook the asker read: a different one running here is refused.
    public func plan(_ scenario: DrillScenario, current: [Site], runbookHash: String?)
        -> Result<(site: Site, route: AgentConfig.FailoverRoute, configuration: AgentConfig), ActionRefusal> {
        guard let configuration else {
            return .failure(ActionRefusal("this agent runs no configuration to drill against (the demo drills with `warroom drill --demo`)"))
        }
        guard let configured = configuration.sites.first(where: { $0.role == .primary }) else {
            return .failure(ActionRefusal("no site is configured as the primary: nothing to drill"))
        }
        let configuredIDs = Set(configuration.sites.map(\.id))
        let primaryNow = current.first { $0.role == .primary && configuredIDs.contains($0.id) } ?? configured
        let leaving: Site
        if scenario == .failback {
            guard primaryNow.id != configured.id else {
                return .failure(ActionRefusal("nothing to fail back: \(configured.name) is the primary, as configured"))
            }
            leaving = primaryNow
        } else {
            guard primaryNow.id == configured.id else {
                return .failure(ActionRefusal("\(primaryNow.name) is the primary now, not \(configured.name): drill the failback first"))
            }
            leaving = configured
        }
        let routes = scenario == .dataCorruption ? configuration.restore : configuration.failover
        guard let route = routes[leaving.id] else {
            if scenario == .dataCorruption {
                return .failure(ActionRefusal("no restore runbook is configured for \(leaving.name) (sites[].restore.runbook): nothing to drill"))
            }
            return .failure(ActionRefusal("no failover is configured for \(leaving.name): nothing to drill"))
        }
        if scenario == .failback, route.toSiteID != configured.id {
            return .failure(ActionRefusal("\(leaving.name)'s runbook goes to \(route.toSiteID), not back to \(configured.name)"))
        }
        if let runbookHash, runbookHash != route.runbook.contentHash {
            return .failure(ActionRefusal("the agent runs another version of \(route.runbookPath): reload it (SIGHUP) first"))
        }
        return .success((leaving, route, configuration))
    }
}
