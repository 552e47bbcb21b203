import Foundation
import WarRoomModel

/// What a drill asked for over the socket runs against: the configuration
/// the agent runs now (swapped on reload), or none for an agent without one
/// (the demo, whose drills the simulator plays).
public final class DrillGround: @unchecked Sendable {
    private var current: AgentConfig?
    private let lock = NSLock()

    public init(_ configuration: AgentConfig? = nil) {
        current = configuration
    }

    public var configuration: AgentConfig? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// The site a `scenario` drill takes as failed and the runbook it
    /// proposes, or why there is none. `runbookHash`, when given, is the
    /// runbook the asker read: a different one running here is refused.
    public func plan(_ scenario: DrillScenario, runbookHash: String?)
        -> Result<(site: Site, route: AgentConfig.FailoverRoute, configuration: AgentConfig), DecisionRefusal> {
        guard let configuration else {
            return .failure(DecisionRefusal("this agent runs no configuration to drill against (the demo drills with `warroom drill --demo`)"))
        }
        guard scenario == .siteFailure else {
            return .failure(DecisionRefusal("a \(scenario.rawValue) drill against a configuration is not built yet; site-failure is"))
        }
        guard let primary = configuration.sites.first(where: { $0.role == .primary }) else {
            return .failure(DecisionRefusal("no site is configured as the primary: nothing to drill"))
        }
        guard let route = configuration.failover[primary.id] else {
            return .failure(DecisionRefusal("no failover is configured for \(primary.name): nothing to drill"))
        }
        if let runbookHash, runbookHash != route.runbook.contentHash {
            return .failure(DecisionRefusal("the agent runs another version of \(route.runbookPath): reload it (SIGHUP) first"))
        }
        return .success((primary, route, configuration))
    }
}
