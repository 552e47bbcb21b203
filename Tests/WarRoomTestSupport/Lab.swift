import Foundation

/// The lab `Scripts/lab up` started (its addresses from `lab.env`), for the
/// integration tests that need real PostgreSQL, Alertmanager and Prometheus
/// processes. `Scripts/test` starts one lab for the whole run and names its
/// `lab.env` in `WARROOM_LAB`; without it the lab tests are skipped locally
/// and fail under `CI=true`, so CI never passes without them.
public struct Lab: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "no lab: start one with `Scripts/lab up --no-agent` and set WARROOM_LAB to its lab.env (Scripts/test does both)"
        }
    }

    public let values: [String: String]
    public let repository: String

    /// True when the tests that need the lab should run: a lab is named, or CI requires one.
    public static var shouldRun: Bool {
        ProcessInfo.processInfo.environment["WARROOM_LAB"] != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    public init(file: String = #filePath) throws {
        guard let path = ProcessInfo.processInfo.environment["WARROOM_LAB"],
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Missing() }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.values = values
        repository = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    public func port(_ name: String) -> Int {
        Int(values[name] ?? "") ?? 0
    }

    /// `Scripts/lab fail|heal PART` on this lab; true when it worked. Spawned
    /// and reaped directly: the servers it starts outlive it.
    @discardableResult
    public func run(_ action: String, _ part: String) -> Bool {
        let script = "WARROOM_LAB_DIR='\(values["LAB_DIR"] ?? "")' '\(repository)/Scripts/lab' \(action) \(part) >/dev/null 2>&1 </dev/null"
        let argv = ["/bin/sh", "-c", script]
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, cArgs, environ) == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status == 0
    }
}

/// Runs blocking work (an operator action that waits on Alertmanager, as the
/// socket's own threads do) on a Dispatch thread, never on the few threads
/// Swift concurrency shares between the tests.
public func offTheCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
