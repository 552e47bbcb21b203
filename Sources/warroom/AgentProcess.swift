import ArgumentParser
import Dispatch
import Foundation
import WarRoomAgent
import WarRoomModel
import WarRoomStore

/// Who may connect to the operator socket: shared by `warroom agent` and `warroom demo`.
struct SocketOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Group that may connect to the operator socket (default: the agent's own group).", valueName: "group"))
    var socketGroup: String?

    @Option(name: .long, help: ArgumentHelp(
        "Permission bits of the operator socket, in octal (default 0660: owner and group only).", valueName: "mode"))
    var socketMode: String?

    func validate() throws {
        if let socketMode, SocketAccess.mode(parsing: socketMode) == nil {
            throw ValidationError("--socket-mode must be an octal mode such as 0660 (got '\(socketMode)')")
        }
        if let socketGroup, SocketAccess.groupID(socketGroup) == nil {
            throw ValidationError("--socket-group: no group named '\(socketGroup)' on this machine")
        }
    }

    /// `base` (the default, or a configuration's) with what the flags say instead.
    func access(over base: SocketAccess = SocketAccess()) -> SocketAccess {
        var access = base
        if let mode = socketMode.flatMap(SocketAccess.mode(parsing:)) { access.mode = mode }
        if let socketGroup { access.group = socketGroup }
        return access
    }
}

/// What an agent process does around its loop, the same for `warroom agent`
/// and `warroom demo`: serve the operator socket beside the cache, and turn
/// SIGINT and SIGTERM into a clean stop.
enum AgentProcess {
    /// Starts the operator socket. When it cannot start, `required` ends the
    /// command; otherwise a warning says so and the process goes on without it.
    static func startSocket(cachePath: String, writer: CacheWriter, access: SocketAccess, silencers: AlertSilencerSlot = AlertSilencerSlot(),
                            drills: RunningConfiguration = RunningConfiguration(), required: Bool) throws -> OperatorSocketServer? {
        let server = OperatorSocketServer(cachePath: cachePath, writer: writer, access: access, silencers: silencers, drills: drills)
        do {
            try server.start()
            return server
        } catch {
            if required { throw CommandFailure.exit("\(error)") }
            FileHandle.standardError.write(Data("warroom: operator socket not started: \(error)\n".utf8))
            return nil
        }
    }

    /// Runs `loop` with the socket up until it ends or a signal stops it; then
    /// closes the cache. A failure ends the command naming the cache.
    static func run(cachePath: String, writer: CacheWriter, access: SocketAccess, silencers: AlertSilencerSlot = AlertSilencerSlot(),
                    drills: RunningConfiguration = RunningConfiguration(),
                    socketRequired: Bool, stop: @escaping @Sendable () -> Void, loop: () throws -> Void) throws {
        let server = try startSocket(cachePath: cachePath, writer: writer, access: access, silencers: silencers,
                                     drills: drills, required: socketRequired)
        let signals = StopSignals(stop)
        defer {
            signals.cancel()
            server?.stop()
        }
        do {
            try loop()
            try writer.close()
        } catch {
            throw CommandFailure.exit("\(cachePath): the agent stopped: \(error)")
        }
    }
}

/// Turns SIGINT and SIGTERM into a clean stop, so the last batch and
/// heartbeat are written and the cache is closed.
final class StopSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
