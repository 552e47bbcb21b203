import ArgumentParser
import Foundation
import Logging
import WarRoomAgent
import WarRoomConsole
import WarRoomClock
import WarRoomOperators
import WarRoomProbes
import WarRoomModel
import WarRoomStore

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the agent on a cache: heartbeat, step executor, operator socket.",
        discussion: """
            With --config the agent writes the configured sites, services and links to the cache and \
            runs the configured HTTP, TCP and command checks on their intervals (site-down detection \
            and decisions come next). Always: it runs approved steps, serves the operator socket (its \
            group and mode say who may connect), and on start watches steps a dead agent left running \
            while their process group lives, then marks them `unknown`; it never runs them again. A \
            configuration that does not validate never starts the agent. SIGINT or SIGTERM stop it cleanly.
            """
    )

    @OptionGroup var cache: CacheOption
    @Option(name: .long, help: ArgumentHelp(
        "The agent configuration (see `warroom check-config`): sites, services, links and the checks to run.",
        valueName: "path"))
    var config: String?
    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds between heartbeats (default 5, or the configuration's).",
                                            valueName: "seconds"))
    var heartbeat: Double?
    @Option(name: .long, help: ArgumentHelp(
        "The site this agent runs at, of the configuration's (overrides agent.site; WARROOM_SITE when not given).",
        valueName: "id"))
    var site: String?

    @OptionGroup(title: "Operator socket")
    var socket: SocketOptions

    func validate() throws {
        if site != nil && config == nil {
            throw ValidationError("--site names this agent's site of a configuration: give --config too")
        }
        if let heartbeat, !(heartbeat > 0 && heartbeat.isFinite) {
            throw ValidationError("--heartbeat must be positive (got \(heartbeat))")
        }
    }

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        // A configuration that does not validate never starts an agent.
        var configuration: AgentConfig?
        if let config {
            switch ConfigFile.load(path: config) {
            case .success(let loaded): configuration = loaded
            case .failure(let invalid):
                throw CommandFailure.invalid(invalid, path: config, outcome: "the agent was not started")
            }
        }
        let path = cache.path(for: .agent)
        do {
            if let beat = try CacheReader(path: path).heartbeat(), beat.isLiveWriter {
                throw CommandFailure.exit("\(path): another agent writes this cache (pid \(beat.processID), \(beat.agentName))")
            }
        } catch let error as CacheError {
            if case .missing = error {} else { throw CommandFailure.exit(error.description) }
        }
        let writer: CacheWriter
        do {
            writer = try CacheWriter(path: path)
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
        var options = AgentLoop.Options()
        options.agentName = configuration?.agentName ?? "agent"
        options.heartbeatIntervalSeconds = heartbeat ?? configuration?.heartbeatIntervalSeconds ?? 5
        options.retentionSeconds = configuration?.retentionSeconds ?? options.retentionSeconds
        options.rawRetentionSeconds = configuration?.rawRetentionSeconds
        let clock = AgentClock()
        let site = site ?? ProcessInfo.processInfo.environment["WARROOM_SITE"].flatMap { $0.isEmpty ? nil : $0 }
        if let configuration, let config, let problem = ConfiguredAgent.siteProblem(configuration, site: site) {
            throw CommandFailure.exit("\(config): \(problem); the agent was not started")
        }
        let configured = configuration.map { ConfiguredAgent($0, clock: clock, site: site, version: BuildInfo.version) }
        var siteWatch: SiteWatch?
        if let configured {
            do {
                try writer.apply(configured.events)
                siteWatch = try configured.siteWatch(writer: writer)
            } catch {
                throw CommandFailure.exit("\(path): cannot write the configured topology: \(error)")
            }
        }
        let loop = AgentLoop(options: options, writer: writer, siteWatch: siteWatch, clusterOutbox: configured?.cluster?.outbox,
                             stepClaims: configured?.cluster?.claims)
        let silencers = AlertSilencerSlot(configured?.silencer)
        let drills = RunningConfiguration(configuration, decisions: configured?.cluster?.decisions)
        let reload = config.map {
            ConfigReload(path: $0, running: configured, loop: loop, writer: writer, silencers: silencers, drills: drills, clock: clock)
        }
        configured?.start()
        defer { reload?.stop() ?? configured?.stop() }
        try AgentProcess.run(cachePath: path, writer: writer, access: socket.access(over: configuration?.socket ?? SocketAccess()),
                             silencers: silencers, drills: drills, socketRequired: true, stop: { loop.stop() },
                             loop: { try loop.run(sources: configured?.sources ?? [], clockStart: clock.now) })
    }
}
