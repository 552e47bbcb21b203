import Foundation
import Testing
import WarRoomAgent
import WarRoomProbes
import WarRoomTestSupport

@Suite("Running step commands")
struct CommandRunnerTests {
    @Test("output and exit status are captured; env and working directory apply")
    func captures() {
        let dir = TemporaryDirectory()
        let result = CommandRunner.run(argv: ["/bin/sh", "-c", "echo out; echo err >&2; pwd; echo $STEP; exit 3"],
                                       environment: ["STEP": "promote"], workingDirectory: dir.path, timeoutSeconds: 10)
        #expect(result.ending == .exited(3))
        #expect(result.output.contains("out\n"))
        #expect(result.output.contains("err\n"))
        #expect(result.output.contains("promote"))
        #expect(result.output.contains(URL(fileURLWithPath: dir.path).lastPathComponent))
        #expect(CommandRunner.run(argv: ["/bin/true"], timeoutSeconds: 5).succeeded)
    }

    @Test("a step that outlives its timeout is killed with its children", .timeLimit(.minutes(1)))
    func timeoutKillsGroup() throws {
        let dir = TemporaryDirectory()
        let pidFile = dir.file("child.pid")
        // The child ignores SIGTERM: only the SIGKILL to the whole group stops it.
        let script = "sh -c 'trap \"\" TERM; echo $$ > \(pidFile); sleep 60' & sleep 60"
        let started = Date()
        let result = CommandRunner.run(argv: ["/bin/sh", "-c", script], timeoutSeconds: 1, graceSeconds: 1)
        #expect(result.ending == .timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
        let child = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        usleep(300_000)
        #expect(!Self.isRunning(child), "child \(child) is still alive")
    }

    /// Alive and not a zombie waiting for its (new) parent to reap it.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    @Test("output is bounded, and a flood never blocks the command")
    func boundedOutput() {
        let result = CommandRunner.run(argv: ["/bin/sh", "-c", "head -c 3000000 /dev/zero | tr '\\\\0' x; echo done >&2"],
                                       timeoutSeconds: 20)
        #expect(result.succeeded)
        #expect(result.truncated)
        #expect(result.output.utf8.count == CommandRunner.outputLimit)
    }

    @Test("a missing program or directory is a clear failure to start")
    func failures() {
        if case .failedToStart(let why) = CommandRunner.run(argv: ["/no/such/program"], timeoutSeconds: 5).ending {
            #expect(why.contains("/no/such/program"))
        } else {
            Issue.record("a missing program started")
        }
        let noDir = CommandRunner.run(argv: ["/bin/true"], workingDirectory: "/no/such/dir", timeoutSeconds: 5)
        #expect(noDir.ending == .failedToStart("working directory /no/such/dir does not exist"))
    }

    @Test("a leader's start time is read from /proc/PID/stat, counting fields after the last parenthesis")
    func leaderStartTime() throws {
        let line = "4242 (evil) name (x) 7) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
        #expect(ProcessGroupLeader.startTicks(statLine: line) == 987654)
        #expect(ProcessGroupLeader.startTicks(statLine: "4242 (short) S 1") == nil)
        #expect(ProcessGroupLeader.startTicks(statLine: "no parenthesis") == nil)
        let mine = try #require(ProcessGroupLeader.startTicks(ofProcess: getpid()))
        #expect(mine > 0)
        #expect(ProcessGroupLeader.startTicks(ofProcess: -1) == nil)
    }
}
