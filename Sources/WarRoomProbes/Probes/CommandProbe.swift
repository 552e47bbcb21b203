import Foundation
import WarRoomModel

/// Runs a Monitoring Plugins style command (exit 0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN) in its own process group with the check's timeout and bounded
/// output, like a step; reads its summary and performance data.
public struct CommandProbe: Probe {
    private let runner: ProcessRunner
    /// Resolves secret references in the command's environment.
    private let secrets: @Sendable (SecretReference) -> String?

    public init(runner: ProcessRunner = CommandRunner(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem) {
        self.runner = runner
        self.secrets = secrets
    }

    public func run(_ check: CheckSpec) async -> ProbeResult {
        guard case .command(let command) = check.kind else { return .failed("not a command check") }
        let environment: [String: String]
        switch SecretRule.resolve(command.environment, secrets: secrets) {
        case .success(let resolved): environment = resolved
        // The reference is named, never the value.
        case .failure(let missing): return .failed(missing.description)
        }
        let invocation = ProcessInvocation(argv: command.argv, environment: environment, timeoutSeconds: check.timeoutSeconds,
                                           graceSeconds: 1)
        let start = ContinuousClock.now
        let runner = self.runner
        let result = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: runner.run(invocation) { _ in }) }.start()
        }
        let latency = milliseconds(since: start)
        switch result.ending {
        case .exited(let status):
            let output = PluginOutput(exitStatus: status, output: result.output)
            return ProbeResult(state: output.state, latencyMs: latency, detail: output.summary, performance: output.performance)
        case .signalled(let signal):
            return .failed("killed by signal \(signal)", latencyMs: latency)
        case .timedOut:
            return ProbeResult(state: .critical, latencyMs: latency,
                               detail: "timed out after \(Format.seconds(check.timeoutSeconds)) (process group killed)")
        case .failedToStart(let why):
            return .failed("could not start: \(why)")
        }
    }
}

extension SecretReference {
    /// The secret from the agent's environment or a file (its trailing newline dropped); `nil` when absent.
    public static let resolveFromSystem: @Sendable (SecretReference) -> String? = { reference in
        switch reference {
        case .environment(let name):
            return ProcessInfo.processInfo.environment[name]
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
    }
}
