import Dispatch
import Foundation
import Logging
import WarRoomClock
import WarRoomModel
import WarRoomStore

/// Re-reads the configuration on SIGHUP. One that validates replaces the
/// running one at the start of the next round (new checks started, old ones
/// stopped); one that does not is refused and the running one kept, saying
/// why in the log and on every open incident's timeline.
public final class ConfigReload: @unchecked Sendable {
    private let path: String
    private let loop: AgentLoop
    private let writer: CacheWriter
    private let silencers: AlertSilencerSlot
    private let drills: RunningConfiguration
    private let clock: AgentClock
    private let logger = Logger(label: "warroom.config")
    private let queue = DispatchQueue(label: "warroom.reload")
    private let source: DispatchSourceSignal
    /// Touched only on `queue`.
    private var running: ConfiguredAgent?
    private var stopped = false

    public init(path: String, running: ConfiguredAgent?, loop: AgentLoop, writer: CacheWriter, silencers: AlertSilencerSlot,
         drills: RunningConfiguration, clock: AgentClock) {
        self.drills = drills
        self.clock = clock
        self.path = path
        self.silencers = silencers
        self.running = running
        self.loop = loop
        self.writer = writer
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        source.setEventHandler { [weak self] in self?.reload() }
        source.resume()
    }

    /// Re-reads the configuration now, as SIGHUP does (tests, and a reload asked for another way).
    public func reloadNow() {
        queue.sync { reload() }
    }

    /// Stops listening and the running configuration's checks.
    public func stop() {
        source.cancel()
        queue.sync {
            stopped = true
            running?.stop()
        }
    }

    private func reload() {
        guard !stopped else { return }
        switch ConfigFile.load(path: path) {
        case .failure(let invalid):
            let problems = invalid.problems.map(\.description)
            logger.error("SIGHUP: \(path) not loaded, the running configuration is kept:\n  \(problems.joined(separator: "\n  "))")
            say("Configuration reload refused, the running one is kept: \(path) has \(problems.count) problem(s); first: \(problems.first ?? "?")")
        case .success(let configuration):
            if let problem = ConfiguredAgent.siteProblem(configuration, site: running?.siteOverride) {
                logger.error("SIGHUP: \(path) not loaded, the running configuration is kept: \(problem)")
                say("Configuration reload refused, the running one is kept: \(path): \(problem)")
                return
            }
            let next = ConfiguredAgent(configuration, clock: clock, site: running?.siteOverride, version: running?.version ?? "",
                                       replacing: running)
            if let running, configuration.socket != running.configuration.socket {
                logger.warning("SIGHUP: agent.socket changed in \(path); the socket's group and mode change only when the agent restarts")
            }
            var change = next.reconfiguration
            change.events += timeline("Configuration reloaded from \(path): \(configuration.sites.count) sites, \(configuration.checks.count) checks")
            next.start()
            loop.reconfigure(change)
            running?.stop(leavingCluster: next.cluster == nil || next.cluster !== running?.cluster)
            running = next
            silencers.silencer = next.silencer
            drills.configuration = next.configuration
            drills.decisions = next.cluster?.decisions
            logger.info("SIGHUP: configuration reloaded from \(path) (\(configuration.checks.count) checks)")
        }
    }

    /// A line on every open incident's timeline, written now.
    private func say(_ text: String) {
        try? writer.apply(timeline(text))
    }

    private func timeline(_ text: String) -> [AgentEvent] {
        let open = (try? writer.snapshot(limits: SnapshotLimits(incidents: 100)).openIncidents) ?? []
        let now = clock.now
        return open.map { .timeline(TimelineEvent(incidentID: $0.id, at: now, kind: .automation, actor: "agent", text: text)) }
    }
}
