import Foundation

/// How a command ended.
public struct CommandResult: Sendable, Equatable {
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        /// Outlived its timeout: its process group got SIGTERM, then SIGKILL.
        case timedOut
        /// Could not be started.
        case failedToStart(String)
    }

    public var ending: Ending
    /// Combined stdout and stderr, at most ``CommandRunner/outputLimit`` bytes (raw: sanitize before display).
    public var output: String
    public var truncated: Bool

    public var succeeded: Bool { ending == .exited(0) }

    public init(ending: Ending, output: String, truncated: Bool) {
        self.ending = ending
        self.output = output
        self.truncated = truncated
    }
}

/// A command to run: a step's, or a command probe's.
public struct ProcessInvocation: Sendable, Equatable {
    public var argv: [String]
    /// Added to the minimal environment a child starts from (``ChildEnvironment``).
    public var environment: [String: String]
    public var workingDirectory: String?
    public var timeoutSeconds: Double
    /// Seconds between SIGTERM and SIGKILL once the timeout has passed.
    public var graceSeconds: Double

    public init(argv: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
                timeoutSeconds: Double, graceSeconds: Double = 5) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.graceSeconds = graceSeconds
    }
}

/// Runs commands to their end: behind a protocol so the executor and the
/// command probe can be tested without starting processes.
public protocol ProcessRunner: Sendable {
    /// Runs `invocation`; `started` is told the leader of its process group as soon as it exists.
    func run(_ invocation: ProcessInvocation, started: @escaping @Sendable (ProcessGroupLeader) -> Void) -> CommandResult
    /// True while the group `leader` led still has a process (ours or not), and
    /// its number has not passed to a newer process.
    func isRunning(_ leader: ProcessGroupLeader) -> Bool
}

/// Runs a command in its own process group, captures its output up to a
/// limit, and kills the whole group when it outlives its timeout — SIGTERM,
/// then SIGKILL after a grace period — so no child is left behind.
public struct CommandRunner: ProcessRunner {
    public static let outputLimit = 64 * 1024

    public init() {}

    public func isRunning(_ leader: ProcessGroupLeader) -> Bool {
        let group = leader.group
        guard group > 0 else { return false }
        // A process with the leader's number that started at another time: ours ended, its number was reused.
        if let recorded = leader.startTicks, let current = ProcessGroupLeader.startTicks(ofProcess: group),
           current != recorded {
            return false
        }
        // EPERM: it exists, under another user.
        return kill(-group, 0) == 0 || errno == EPERM
    }

    public func run(_ invocation: ProcessInvocation, started: @escaping @Sendable (ProcessGroupLeader) -> Void) -> CommandResult {
        Self.run(argv: invocation.argv, environment: invocation.environment, workingDirectory: invocation.workingDirectory,
                 timeoutSeconds: invocation.timeoutSeconds, graceSeconds: invocation.graceSeconds, started: started)
    }

    public static func run(argv: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
                           timeoutSeconds: Double, graceSeconds: Double = 5,
                           started: @Sendable (ProcessGroupLeader) -> Void = { _ in }) -> CommandResult {
        guard let first = argv.first, !first.isEmpty else {
            return CommandResult(ending: .failedToStart("no program named"), output: "", truncated: false)
        }
        var argv = argv
        var program = first
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                return CommandResult(ending: .failedToStart("working directory \(workingDirectory) does not exist"), output: "",
                                     truncated: false)
            }
            // glibc's chdir file action is not reachable from Swift: let sh change directory,
            // with the directory and the command passed as arguments, never as script text.
            argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", workingDirectory] + argv
            program = "/bin/sh"
        }
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else {
            return CommandResult(ending: .failedToStart("pipe: \(String(cString: strerror(errno)))"), output: "", truncated: false)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDERR_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own: the timeout kills the step and everything it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let envStrings = ChildEnvironment.make(environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawnResult = withCStrings(argv) { argvPointers in
            withCStrings(envStrings) { envPointers in
                posix_spawnp(&pid, program, &actions, &attributes, argvPointers, envPointers)
            }
        }
        close(pipe[1])
        guard spawnResult == 0 else {
            close(pipe[0])
            return CommandResult(ending: .failedToStart("\(program): \(String(cString: strerror(spawnResult)))"),
                                 output: "", truncated: false)
        }
        // The child leads its own group: its pid is the group's id.
        started(ProcessGroupLeader.reading(pid))
        let capture = OutputCapture(descriptor: pipe[0], limit: outputLimit)
        let reader = Thread { capture.readToEnd() }
        reader.start()
        let ending = wait(for: pid, timeoutSeconds: timeoutSeconds, graceSeconds: graceSeconds)
        capture.finished.wait()
        close(pipe[0])
        return CommandResult(ending: ending, output: String(decoding: capture.bytes, as: UTF8.self), truncated: capture.truncated)
    }

    private static func wait(for pid: pid_t, timeoutSeconds: Double, graceSeconds: Double) -> CommandResult.Ending {
        // Waited out on the monotonic clock: a step of the wall clock neither kills a step early nor lets it run on.
        let started = ContinuousClock.now
        var status: Int32 = 0
        while milliseconds(since: started) < timeoutSeconds * 1000 {
            if waitpid(pid, &status, WNOHANG) == pid { return ending(status) }
            usleep(20_000)
        }
        kill(-pid, SIGTERM)
        let signalled = ContinuousClock.now
        while milliseconds(since: signalled) < graceSeconds * 1000 {
            if waitpid(pid, &status, WNOHANG) == pid {
                kill(-pid, SIGKILL)  // children that ignored SIGTERM go too
                return .timedOut
            }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        waitpid(pid, &status, 0)
        return .timedOut
    }

    private static func ending(_ status: Int32) -> CommandResult.Ending {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Reads a pipe to its end, keeping at most `limit` bytes (and draining the
/// rest, so a chatty command never blocks on a full pipe).
final class OutputCapture: @unchecked Sendable {
    let descriptor: Int32
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false
    let finished = DispatchSemaphore(value: 0)

    init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    func readToEnd() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let room = limit - bytes.count
            if room > 0 { bytes += buffer[0..<min(count, room)] }
            if count > room { truncated = true }
        }
        finished.signal()
    }
}
