import ArgumentParser
import Foundation
import WarRoomAgent
import WarRoomHost
import WarRoomModel
import WarRoomStore

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the agent on a cache: heartbeat, step executor, operator socket.",
        discussion: """
            Probes are not built yet: this agent keeps a cache written earlier (for example by \
            `warroom demo --headless`) alive for operator actions — it runs approved steps, serves \
            the socket for other users (its group and mode say who may connect), and on start \
            watches steps a dead agent left running while their process group lives, then marks \
            them `unknown`; it never runs them again. Its heartbeat says only that the agent is alive: \
            health checks it does not refresh turn unknown after a minute.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The cache file.", valueName: "path")) var cache: String?
    @Option(name: .long, help: ArgumentHelp("Wall-clock seconds between heartbeats.", valueName: "seconds"))
    var heartbeat: Double = 5

    @OptionGroup(title: "Operator socket")
    var socket: SocketOptions

    func validate() throws {
        guard heartbeat > 0, heartbeat.isFinite else { throw ValidationError("--heartbeat must be positive (got \(heartbeat))") }
    }

    func run() throws {
        let path = CachePath.resolve(cache)
        do {
            if let beat = try CacheReader(path: path).heartbeat(), CacheAccess.isLiveWriter(beat) {
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
        options.heartbeatIntervalSeconds = heartbeat
        let loop = AgentLoop(options: options, writer: writer)
        try AgentProcess.run(cachePath: path, writer: writer, access: socket.access, socketRequired: true,
                             stop: { loop.stop() }, loop: { try loop.run(sources: []) })
    }
}
