import Dispatch
import Foundation
import Logging
import WarRoomAgent
import WarRoomOperators
import WarRoomModel
import WarRoomStore

/// The simulator on a prepared cache: alone (headless, as an agent process
/// with its socket) or in-process beside the console, as an agent would be.
enum DemoSession {
    static func bootstrapLogging(verbose: Bool, headless: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            // Under the console, log lines would scribble over the screen.
            handler.logLevel = verbose && headless ? .debug : headless ? .warning : .critical
            return handler
        }
    }

    static func run(_ run: DemoRun, path: String, writer: CacheWriter, headless: Bool, socket: SocketOptions,
                    display: ConsoleDisplayOptions, simulatedOperator: String?) throws {
        if headless {
            try AgentProcess.run(cachePath: path, writer: writer, access: socket.access(), socketRequired: false,
                                 stop: { run.stop() }, loop: { try run.run() })
            return
        }
        // Like the agent, the demo takes operator actions from other users over its socket.
        let server = try AgentProcess.startSocket(cachePath: path, writer: writer, access: socket.access(), required: false)
        defer { server?.stop() }
        // The simulator runs in-process beside the console, as the agent would beside it.
        let finished = DispatchSemaphore(value: 0)
        let failure = SimulatorFailure()
        let simulator = Thread {
            // If the simulator stops on an error the console shows the data going stale;
            // the error itself is printed once the terminal is back.
            do { try run.run() } catch { failure.error = error }
            finished.signal()
        }
        simulator.start()
        defer {
            run.stop()
            finished.wait()
            try? writer.close()
            if let error = failure.error {
                FileHandle.standardError.write(Data("warroom: \(path): the simulator stopped: \(error)\n".utf8))
            }
        }
        var identity = SystemIdentity.current()
        if let simulatedOperator {
            identity = OperatorIdentity(name: simulatedOperator, origin: "simulated by \(identity.name)", simulated: true)
        }
        try ConsoleLauncher.run(cachePath: path, display: display,
                                actions: DirectOperatorActions(identity: identity, writer: writer))
    }
}

/// The error that stopped the in-process simulator, if any.
final class SimulatorFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
