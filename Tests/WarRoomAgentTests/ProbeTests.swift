import AsyncHTTPClient
import Foundation
import Testing
import WarRoomModel
import WarRoomProbes
import WarRoomTestSupport

/// A local HTTP health endpoint (python3) the test flips between pass, warn,
/// fail, 500 and hanging, over `GET /set?MODE`.
final class FlippableEndpoint {
    static let script = #"""
        import http.server, json, sys, time, threading
        mode = "pass"
        open_connections = 0
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def handle(self):
                global open_connections
                with lock: open_connections += 1
                try: super().handle()
                except OSError: pass
                finally:
                    with lock: open_connections -= 1
            def do_GET(self):
                global mode
                if self.path.startswith("/set?"):
                    mode = self.path[5:]; self.send_response(204); self.end_headers(); return
                if self.path == "/connections":
                    body = str(open_connections - 1).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body); return
                if mode == "hang":
                    time.sleep(30); return
                if mode == "dribble":
                    # A head at once, then the body a byte every 200 ms: a slow body, not a slow answer.
                    self.send_response(200); self.send_header("Content-Length", "200"); self.end_headers()
                    for _ in range(200):
                        self.wfile.write(b"x"); self.wfile.flush(); time.sleep(0.2)
                    return
                if mode == "500":
                    self.send_response(500); self.end_headers(); self.wfile.write(b"boom"); return
                status = {"pass": 200, "warn": 200, "fail": 503}[mode]
                body = json.dumps({"status": mode, "checks": {"db:connections": [{"status": mode}]}}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/health+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers(); self.wfile.write(body)
        def orphaned():
            # The test runner gone (killed, crashed): this endpoint goes too.
            parent = os.getppid()
            while os.getppid() == parent: time.sleep(0.5)
            os._exit(0)
        import os; threading.Thread(target=orphaned, daemon=True).start()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        with open(sys.argv[1] + ".tmp", "w") as f: f.write(str(server.server_address[1]))
        import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.serve_forever()
        """#

    struct NotStarted: Error {}

    let process = Process()
    let directory = TemporaryDirectory()
    let port: Int

    /// Starts the endpoint and waits (at most 10 s) for the port it listens on.
    init() throws {
        let portFile = directory.file("port")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try TestChildren.run(process)
        let deadline = Date().addingTimeInterval(10)
        var port: Int?
        while port == nil && Date() < deadline && process.isRunning {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(20_000) }
        }
        guard let port else {
            TestChildren.stop(process)
            throw NotStarted()
        }
        self.port = port
    }

    func set(_ mode: String) async throws {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/set?\(mode)"),
                                                           timeout: .seconds(5))
        #expect(response.status.code == 204)
    }

    /// Connections the endpoint holds open, besides the one asking.
    func openConnections() async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/connections"),
                                                           timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 100)
        return Int(String(buffer: body)) ?? -1
    }

    deinit { TestChildren.stop(process) }
}

@Suite("Probes against real local processes")
struct ProbeTests {
    func check(_ kind: CheckSpec.Kind, timeout: Double = 1) -> CheckSpec {
        CheckSpec(name: "t", siteID: "main", serviceID: "web", kind: kind, intervalSeconds: 5, timeoutSeconds: timeout,
                  jitterSeconds: 0)
    }

    @Test("HTTP: the state follows the endpoint through pass, warn, fail, 500 and a hang")
    func httpFollows() async throws {
        let endpoint = try FlippableEndpoint()
        let probe = HTTPProbe()
        let health = check(.http(HTTPCheck(url: "http://127.0.0.1:\(endpoint.port)/health")), timeout: 0.5)
        var seen: [HealthState] = []
        for mode in ["pass", "warn", "fail", "500"] {
            try await endpoint.set(mode)
            let result = await probe.run(health)
            seen.append(result.state)
            #expect(result.latencyMs != nil, "\(mode): an answer has a latency")
        }
        #expect(seen == [.ok, .warning, .critical, .critical])
        try await endpoint.set("hang")
        let started = ContinuousClock.now
        let hung = await probe.run(health)
        #expect(hung == ProbeResult(state: .critical, detail: "no answer within 500 ms"))
        #expect(ContinuousClock.now - started < .seconds(8), "a hang (30 s) costs the timeout, not more")
    }

    @Test("HTTP: a body that dribbles is critical at the timeout, its connection is closed, and the endpoint healthy again is ok")
    func slowBody() async throws {
        let endpoint = try FlippableEndpoint()
        let probe = HTTPProbe()
        let health = check(.http(HTTPCheck(url: "http://127.0.0.1:\(endpoint.port)/health")), timeout: 0.5)
        try await endpoint.set("dribble")
        for round in 0..<6 {
            let started = ContinuousClock.now
            let result = await probe.run(health)
            #expect(result == ProbeResult(state: .critical, detail: "no answer within 500 ms"), "round \(round)")
            // The body takes 40 s; a loaded test run may be slow to resume a task, never that slow.
            #expect(ContinuousClock.now - started < .seconds(8), "the timeout covers the body")
        }
        // The endpoint sees every cut connection close at its next byte.
        var open = -1
        for _ in 0..<20 {
            open = try await endpoint.openConnections()
            if open == 0 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(open == 0, "connections left open by timed-out exchanges: \(open)")
        try await endpoint.set("pass")
        let healthy = await probe.run(health)
        #expect(healthy.state == .ok, "\(healthy.detail)")
    }

    @Test("HTTP: a port nobody listens on is critical with the reason; a secret missing is unknown, not ok")
    func httpFailures() async {
        // A long timeout: the refusal is immediate, but a test run on two busy cores may take a second to hear it.
        let refused = await HTTPProbe().run(check(.http(HTTPCheck(url: "http://127.0.0.1:1/health")), timeout: 10))
        #expect(refused.state == .critical)
        #expect(refused.detail.contains("refused"), "\(refused.detail)")
        let noSecret = HTTPProbe(secrets: { _ in nil }).run
        let result = await noSecret(check(.http(HTTPCheck(url: "http://127.0.0.1:1/",
                                                          headers: ["Authorization": .secret(.environment("NOPE"))]))))
        #expect(result == ProbeResult.failed("secret env:NOPE for header Authorization is not available"))
    }

    @Test("TCP: connected, refused")
    func tcp() async throws {
        let endpoint = try FlippableEndpoint()
        let open = await TCPProbe().run(check(.tcp(TCPCheck(host: "127.0.0.1", port: endpoint.port))))
        #expect(open.state == .ok)
        #expect(open.latencyMs != nil)
        let closed = await TCPProbe().run(check(.tcp(TCPCheck(host: "127.0.0.1", port: 1))))
        #expect(closed == ProbeResult(state: .critical, detail: "connection refused by 127.0.0.1:1"))
    }

    @Test("command: plugin exit codes, the summary, performance data, secrets in the environment, a hang killed")
    func command() async throws {
        let dir = TemporaryDirectory()
        let plugin = dir.file("check_thing")
        try """
            #!/bin/sh
            case "$1" in
              ok) echo "THING OK - 3 items | items=3;5;10;0 'wait time'=0.25s"; exit 0 ;;
              warn) echo "THING WARNING - 7 items"; exit 1 ;;
              crit) echo "THING CRITICAL - 12 items"; exit 2 ;;
              secret) echo "token is $TOKEN"; exit 0 ;;
              hang) sleep 30 ;;
              *) echo "weird"; exit 42 ;;
            esac
            """.write(toFile: plugin, atomically: true, encoding: .utf8)
        // Run through /bin/sh: executing a file just written fails with ETXTBSY while any other test's
        // fork still holds its write descriptor. The timeout is generous for CI's load; only the hang is about time.
        func run(_ argument: String, timeout: Double = 60) async -> ProbeResult {
            await CommandProbe(secrets: { $0 == .environment("THING_TOKEN") ? "s3cret" : nil })
                .run(check(.command(CommandCheck(argv: ["/bin/sh", plugin, argument], environment: ["TOKEN": .secret(.environment("THING_TOKEN"))])),
                           timeout: timeout))
        }
        let ok = await run("ok")
        #expect(ok.state == .ok && ok.detail == "THING OK - 3 items")
        #expect(ok.performance.map(\.label) == ["items", "wait time"])
        #expect(await run("warn").state == .warning)
        #expect(await run("crit").detail == "THING CRITICAL - 12 items")
        #expect(await run("other").state == .unknown)
        #expect(await run("secret").detail == "token is s3cret", "the secret reaches the plugin, by reference")
        let hung = await run("hang", timeout: 0.5)
        #expect(hung.state == .critical)
        #expect(hung.detail == "timed out after 500 ms (process group killed)")
    }
}

@Suite("The probe schedule")
struct ProbeScheduleTests {
    static func now() -> EpochMillis { EpochMillis(Date().timeIntervalSince1970 * 1000) }

    /// Polls `schedule` every 50 ms for `seconds`; returns every health event seen.
    func collect(_ schedule: HealthChecks, for seconds: Double) async -> [HealthCheck] {
        var seen: [HealthCheck] = []
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            try? await Task.sleep(for: .milliseconds(50))
            for case .health(let check) in schedule.observe(until: Self.now()) { seen.append(check) }
        }
        return seen
    }

    @Test("a hung endpoint becomes a timeout while another check keeps its interval")
    func hangDoesNotDelayOthers() async throws {
        let endpoint = try FlippableEndpoint()
        // A first request pays for setting the HTTP client up; this test is about a hang, not that.
        _ = await HTTPProbe().run(CheckSpec(name: "warm", siteID: "main", serviceID: "web",
                                            kind: .http(HTTPCheck(url: "http://127.0.0.1:\(endpoint.port)/health")),
                                            intervalSeconds: 5, timeoutSeconds: 5, jitterSeconds: 0))
        try await endpoint.set("hang")
        let checks = [
            CheckSpec(name: "web", siteID: "main", serviceID: "web",
                      kind: .http(HTTPCheck(url: "http://127.0.0.1:\(endpoint.port)/health")),
                      intervalSeconds: 1, timeoutSeconds: 0.5, jitterSeconds: 0),
            CheckSpec(name: "port", siteID: "main", serviceID: "lb", kind: .tcp(TCPCheck(host: "127.0.0.1", port: endpoint.port)),
                      intervalSeconds: 0.2, timeoutSeconds: 0.2, jitterSeconds: 0),
        ]
        let tcp = CountingProbe(TCPProbe())
        let schedule = HealthChecks(checks: checks, probes: ProbeKinds(tcp: tcp), concurrency: 2, now: Self.now)
        schedule.start()
        defer { schedule.stop() }
        let seen = await collect(schedule, for: 3)
        let port = seen.filter { $0.serviceID == "lb" }
        let web = seen.filter { $0.serviceID == "web" }
        // Counted where the probe runs: how often this test got to look does not matter.
        // 15 runs at most in 3 s; the margin is for a loaded machine.
        #expect(tcp.runs >= 8, "the TCP check ran \(tcp.runs) times in 3 s at a 200 ms interval")
        #expect(!port.isEmpty && port.allSatisfy { $0.state == .ok })
        #expect(!web.isEmpty && web.allSatisfy { $0.state == .critical && $0.detail == "no answer within 500 ms" }, "\(web.map(\.detail))")
    }

    @Test("a probe that never returns is cut off two seconds past its timeout, as unknown with the reason")
    func watchdog() async {
        struct Stuck: Probe {
            func run(_ check: CheckSpec) async -> ProbeResult {
                // Ignores cancellation and its timeout, as a buggy probe might.
                await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
                return ProbeResult(state: .ok, detail: "never")
            }
        }
        let check = CheckSpec(name: "stuck", siteID: "main", serviceID: "web", kind: .tcp(TCPCheck(host: "x", port: 1)),
                              intervalSeconds: 5, timeoutSeconds: 0.2, jitterSeconds: 0)
        let schedule = HealthChecks(checks: [check], probes: ProbeKinds(tcp: Stuck()), concurrency: 1, now: Self.now)
        schedule.start()
        defer { schedule.stop() }
        let seen = await collect(schedule, for: 2.8)
        #expect(seen.map(\.state) == [.unknown])
        #expect(seen.first?.detail == "the probe did not return within 2.2 s")
    }

    @Test("two checks of one service roll up to the worse, naming it")
    func rollUp() async throws {
        let endpoint = try FlippableEndpoint()
        let checks = [
            CheckSpec(name: "open", siteID: "main", serviceID: "web", kind: .tcp(TCPCheck(host: "127.0.0.1", port: endpoint.port)),
                      intervalSeconds: 5, timeoutSeconds: 1, jitterSeconds: 0),
            CheckSpec(name: "closed", siteID: "main", serviceID: "web", kind: .tcp(TCPCheck(host: "127.0.0.1", port: 1)),
                      intervalSeconds: 5, timeoutSeconds: 1, jitterSeconds: 0),
        ]
        let schedule = HealthChecks(checks: checks, concurrency: 4, now: Self.now)
        schedule.start()
        defer { schedule.stop() }
        let seen = await collect(schedule, for: 0.6)
        #expect(seen.last?.state == .critical)
        #expect(seen.last?.detail == "closed: connection refused by 127.0.0.1:1")
    }
}

/// A probe that counts its runs and passes them on.
final class CountingProbe: Probe, @unchecked Sendable {
    private let probe: Probe
    private let lock = NSLock()
    private var count = 0

    init(_ probe: Probe) {
        self.probe = probe
    }

    var runs: Int { lock.withLock { count } }

    func run(_ check: CheckSpec) async -> ProbeResult {
        lock.withLock { count += 1 }
        return await probe.run(check)
    }
}
