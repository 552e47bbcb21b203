import Foundation
import Testing
import WarRoomConsole
import WarRoomModel

/// A terminal that plays a script of inputs and records what it was asked to do.
final class ScriptedTerminal: TerminalScreen {
    var width = 80
    var height = 24
    var script: [TerminalInput?]
    var frames: [Frame] = []
    var timeouts: [Int] = []
    var restoreCount = 0
    /// Called on every wait with the timeout asked for: tests move their clock here.
    var onWait: (Int) -> Void = { _ in }

    init(script: [TerminalInput?]) {
        self.script = script
    }

    func draw(_ frame: Frame) { frames.append(frame) }

    func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        timeouts.append(timeoutMilliseconds)
        onWait(timeoutMilliseconds)
        return script.isEmpty ? .key(.character("q")) : script.removeFirst()
    }

    func restore() { restoreCount += 1 }

    var bells = 0
    func bell() { bells += 1 }
}

/// A cache stand-in: a token the test turns, a snapshot, and an optional failure.
final class FakeSource: ConsoleDataSource {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "/tmp/cache.sqlite: database disk image is malformed" }
    }

    var token = 1
    var reads = 0
    var failing = false
    var snapshot: CacheSnapshot
    /// Called at every read: tests let their clock move while a read takes its time.
    var onRead: () -> Void = {}

    init(snapshot: CacheSnapshot) {
        self.snapshot = snapshot
    }

    func changeToken() throws -> Int {
        if failing { throw Unreadable() }
        return token
    }

    func read(lists: ListNeeds, replacing previous: inout CacheSnapshot?) throws -> CacheSnapshot {
        if failing { throw Unreadable() }
        reads += 1
        onRead()
        previous = nil
        return snapshot
    }

    func history(links: Set<String>, sites: Set<String>, limit: Int) throws -> SparklineHistory {
        if failing { throw Unreadable() }
        return SparklineHistory(links: snapshot.linkHistory.filter { links.contains($0.key) },
                                latency: snapshot.latencyHistory.filter { sites.contains($0.key) })
    }
}

@Suite("Console runtime loop")
struct ConsoleRuntimeTests {
    static let start: EpochMillis = 1_795_424_400_250

    func snapshot(heartbeatAt wall: EpochMillis) -> CacheSnapshot {
        CacheSnapshot(sites: [Site(id: "london", name: "London", location: "LD4", role: .secondary, capacityPercent: 80,
                                   loadPercent: 20)],
                      heartbeat: AgentHeartbeat(agentName: "agent", processID: 1, wallAt: wall, clockAt: wall,
                                                clockSpeed: 1, intervalSeconds: 5, startedAt: wall))
    }

    /// A runtime whose clock moves by each wait; `action` runs after wait number `afterWaits`.
    func runtime(_ terminal: ScriptedTerminal, _ source: FakeSource, clock: Clock, afterWaits: Int = 0, bell: Bool = false,
                 action: @escaping () -> Void = {}) -> ConsoleRuntime {
        var options = ConsoleOptions()
        options.refreshMilliseconds = 500
        options.bell = bell
        var waits = 0
        terminal.onWait = { timeout in
            clock.now += EpochMillis(timeout)
            waits += 1
            if waits == afterWaits { action() }
        }
        return ConsoleRuntime(source: source, terminal: terminal, glyphs: .unicode, options: options, now: { clock.now },
                              steady: { clock.steady })
    }

    /// The wall clock a test moves (and may step), and a steady clock that only moves forward with it.
    final class Clock {
        var now: EpochMillis {
            didSet { if now > oldValue { steady += now - oldValue } }
        }
        private(set) var steady: EpochMillis = 0
        init(_ now: EpochMillis) { self.now = now }
        /// Steps the wall clock (NTP, `date -s`): the steady clock does not move.
        func step(by millis: EpochMillis) {
            let steadyBefore = steady
            now += millis
            steady = steadyBefore
        }
    }

    @Test("idle, it sleeps: one read, a redraw only when the clock's second changes, no busy loop")
    func idle() {
        let clock = Clock(Self.start)
        let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 20))
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        runtime(terminal, source, clock: clock).run()
        #expect(source.reads == 1)
        #expect(terminal.timeouts.allSatisfy { $0 >= 10 && $0 <= 1005 })
        let seconds = (clock.now - Self.start) / 1000 + 1
        #expect(terminal.frames.count <= Int(seconds) + 1, "\(terminal.frames.count) draws in \(seconds) s")
        #expect(terminal.restoreCount == 1)
    }

    @Test("new data every interval: the repaint for a new second is the one for the data, though a read takes time")
    func secondAndDataInOneRender() {
        let clock = Clock(Self.start)
        let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 60))
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        let console = runtime(terminal, source, clock: clock)
        let onWait = terminal.onWait
        terminal.onWait = { timeout in
            onWait(timeout)
            // The agent commits a round every 500 ms.
            source.token = Int(clock.now / 500)
        }
        // Each read shows the round (a site's load) and takes 3 ms: the clocks are read before and after it.
        source.onRead = {
            source.snapshot.sites[0].loadPercent = Double(source.token % 100)
            clock.now += 3
        }
        console.run()
        let seconds = Int((clock.now - Self.start) / 1000)
        #expect(seconds >= 5)
        #expect(terminal.frames.count <= source.reads + 1,
                "\(terminal.frames.count) renders for \(source.reads) reads in \(seconds) s: a second's repaint came apart")
    }

    @Test("a wall clock stepped back an hour does not stop the console reading new data")
    func wallClockStepsBack() {
        let clock = Clock(Self.start)
        let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 40))
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        var (waits, readsAtStep) = (0, 0)
        let console = runtime(terminal, source, clock: clock)
        let onWait = terminal.onWait
        terminal.onWait = { timeout in
            onWait(timeout)
            waits += 1
            if waits == 5 {
                clock.step(by: -3_600_000)
                readsAtStep = source.reads
            }
            // The agent writes all the time.
            source.token += 1
        }
        console.run()
        // 35 waits after the step, none longer than the refresh interval: a read every interval.
        #expect(readsAtStep > 0 && source.reads - readsAtStep >= 10,
                "\(source.reads - readsAtStep) reads after the step, in \(clock.steady) ms of steady time")
    }

    @Test("the bell rings once for each newer escalation, never for one on record at start, never unless asked")
    func bell() {
        func incident(escalatedAt: EpochMillis?) -> Incident {
            Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil, serviceID: nil,
                     impactStartedAt: 0, openedAt: 0, escalatedAt: escalatedAt)
        }
        for asked in [true, false] {
            let clock = Clock(Self.start)
            let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 12))
            var first = snapshot(heartbeatAt: Self.start)
            first.openIncidents = [incident(escalatedAt: 100)]
            let source = FakeSource(snapshot: first)
            var waits = 0
            let console = runtime(terminal, source, clock: clock, bell: asked)
            let onWait = terminal.onWait
            terminal.onWait = { timeout in
                onWait(timeout)
                waits += 1
                // A newer escalation at wait 3; the same one read again at wait 6; another at wait 9.
                let escalations: [Int: EpochMillis] = [3: 200, 6: 200, 9: 300]
                if let at = escalations[waits] {
                    source.snapshot.openIncidents = [incident(escalatedAt: at)]
                    source.snapshot.heartbeat?.wallAt = clock.now
                    source.token += 1
                }
            }
            console.run()
            #expect(source.reads >= 4)
            #expect(terminal.bells == (asked ? 2 : 0))
        }
    }

    @Test("new data is read when data_version moves, and only then")
    func readsOnChange() {
        let clock = Clock(Self.start)
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 12))
        runtime(terminal, source, clock: clock, afterWaits: 6) { source.token = 2 }.run()
        #expect(source.reads == 2)
    }

    @Test("a cache that becomes unreadable is a banner over the last data, not a crash")
    func unreadable() throws {
        let clock = Clock(Self.start)
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        let terminal = ScriptedTerminal(script: Array(repeating: nil, count: 8))
        runtime(terminal, source, clock: clock, afterWaits: 3) { source.failing = true }.run()
        let last = try #require(terminal.frames.last).text
        #expect(last.contains("CACHE UNREADABLE"))
        #expect(last.contains("database disk image is malformed"))
        #expect(last.contains("London"), "the last data stays on screen")
        #expect(!last.contains(" OK "), "and none of it is green")
        #expect(terminal.restoreCount == 1)
    }

    @Test("keys are handled at once, and resize redraws the whole frame")
    func keysAndResize() throws {
        let clock = Clock(Self.start)
        let source = FakeSource(snapshot: snapshot(heartbeatAt: Self.start))
        let terminal = ScriptedTerminal(script: [.key(.character("3")), .resize, nil])
        let console = runtime(terminal, source, clock: clock)
        terminal.onWait = { timeout in
            if timeout > 0 { clock.now += 5 }
            if terminal.script.first == .resize { terminal.width = 100 }
        }
        console.run()
        #expect(console.state.screen == .alerts)
        #expect(terminal.frames.contains { $0.width == 100 && $0.text.contains("WARROOM · Alerts") })
    }

    @Test("an action in flight never stops the loop: keys and screens go on, its answer arrives later")
    func actionsDoNotBlock() throws {
        let clock = Clock(Self.start)
        var snapshot = snapshot(heartbeatAt: Self.start)
        snapshot.openIncidents = [Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                           serviceID: nil, impactStartedAt: Self.start, openedAt: Self.start)]
        let source = FakeSource(snapshot: snapshot)
        let agent = StuckAgent()
        let keys: [TerminalInput?] = [.key(.character("4")), .key(.character("n")), .key(.character("h")),
                                      .key(.character("i")), .key(.enter), nil, .key(.escape), .key(.character("2")),
                                      .key(.character("3"))]
        let terminal = ScriptedTerminal(script: keys + Array(repeating: nil, count: 6))
        var options = ConsoleOptions()
        options.operatorName = "alice"
        let console = ConsoleRuntime(source: source, actions: agent, terminal: terminal, glyphs: .unicode, options: options,
                                     now: { clock.now }, steady: { clock.steady })
        terminal.onWait = { timeout in
            clock.now += EpochMillis(min(timeout, 200))
            // The agent answers once the operator has moved on to other screens.
            if terminal.script.count == 5 { agent.answer() }
            if terminal.script.count <= 5 { Thread.sleep(forTimeInterval: 0.02) }
        }
        console.run()
        #expect(terminal.frames.contains { $0.text.contains("sending…") })
        #expect(console.state.screen == .alerts, "screens switched while the note was on its way")
        #expect(terminal.frames.contains { $0.text.contains("WARROOM · Replication") })
        #expect(terminal.frames.contains { $0.text.contains("note added to INC-0001") })
    }
}

extension ConsoleRuntimeTests {
    @Test("quitting while an action is on its way waits for its answer, which is said after the terminal is back")
    func quitWaitsForTheAnswer() {
        let clock = Clock(Self.start)
        var snapshot = snapshot(heartbeatAt: Self.start)
        snapshot.openIncidents = [Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                           serviceID: nil, impactStartedAt: Self.start, openedAt: Self.start)]
        let agent = StuckAgent()
        let terminal = ScriptedTerminal(script: [.key(.character("4")), .key(.character("n")), .key(.character("h")),
                                                 .key(.enter), .key(.escape), .key(.character("q"))])
        let console = ConsoleRuntime(source: FakeSource(snapshot: snapshot), actions: agent, terminal: terminal,
                                     glyphs: .unicode, options: ConsoleOptions(), now: { clock.now }, steady: { clock.steady })
        terminal.onWait = { timeout in clock.now += EpochMillis(min(timeout, 200)) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { agent.answer() }
        console.run()
        #expect(console.outcomeAfterExit == "note added to INC-0001")
        #expect(terminal.restoreCount == 1)
    }
}

/// An agent that answers only when the test says so.
final class StuckAgent: OperatorActions, @unchecked Sendable {
    let identity = OperatorIdentity(name: "alice")
    private let released = DispatchSemaphore(value: 0)

    func answer() { released.signal() }

    func decide(_ decision: StepDecision) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }

    func acknowledge(alertFingerprint: String) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }

    func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }

    func resumeAutomation() throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }

    func silence(alertFingerprint: String, durationSeconds: Double, reason: String) throws -> ActionOutcome {
        .refused(ActionRefusal("not in this test"))
    }

    func expireSilence(alertFingerprint: String) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
    func reportPresence(_ report: ConsoleReport) throws {}

    func changeIncident(_ change: IncidentChange, incidentID: String) throws -> ActionOutcome {
        .refused(ActionRefusal("not in this test"))
    }

    func openIncident(_ declaration: IncidentDeclaration) throws -> ActionOutcome {
        .refused(ActionRefusal("not in this test"))
    }

    func addNote(incidentID: String, text: String) throws -> ActionOutcome {
        released.wait()
        return .recorded(message: "note added to \(incidentID)", stepState: nil)
    }
}

extension ConsoleRuntimeTests {
    @Test("P on the Failover screen pauses automatic failover with a reason, and resumes it once paused")
    func pauseAndResumeKeys() {
        let clock = Clock(Self.start)
        var snapshot = snapshot(heartbeatAt: Self.start)
        snapshot.automation = Automation(antiFlapSeconds: 600)
        let source = FakeSource(snapshot: snapshot)
        let agent = AutomationAgent()
        let pause: [TerminalInput?] = [.key(.character("5")), .key(.character("P"))] + "drill".map { .key(.character($0)) }
            + [.key(.enter), nil, nil, nil, nil, nil]
        let resume: [TerminalInput?] = [.key(.character("P")), nil, .key(.enter), nil, nil]
        let terminal = ScriptedTerminal(script: pause + resume)
        var options = ConsoleOptions()
        options.operatorName = "alice"
        let console = ConsoleRuntime(source: source, actions: agent, terminal: terminal, glyphs: .unicode, options: options,
                                     now: { clock.now }, steady: { clock.steady })
        terminal.onWait = { timeout in
            clock.now += EpochMillis(min(timeout, 200))
            // Once the pause is recorded the cache says so, as the agent's would.
            if source.snapshot.automation?.pause == nil, let reason = agent.pausedWith {
                source.snapshot.automation?.pause = AutomationPause(by: "alice", reason: reason, at: clock.now, until: nil)
                source.token += 1
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        console.run()
        #expect(terminal.frames.contains { $0.text.contains("Pause automatic failover, as alice") })
        #expect(agent.pausedWith == "drill")
        #expect(terminal.frames.contains { $0.text.contains("Paused by alice: drill") }, "the resume dialog says who paused it and why")
        #expect(agent.resumed == 1)
    }
}

/// An agent that records pauses and resumes and says they were recorded.
final class AutomationAgent: OperatorActions, @unchecked Sendable {
    let identity = OperatorIdentity(name: "alice")
    private let lock = NSLock()
    private var reason: String?
    private var resumes = 0
    var pausedWith: String? { lock.withLock { reason } }
    var resumed: Int { lock.withLock { resumes } }

    func pauseAutomation(reason: String, until: EpochMillis?) throws -> ActionOutcome {
        lock.withLock { self.reason = reason }
        return .recorded(message: "automatic failover paused", stepState: nil)
    }

    func resumeAutomation() throws -> ActionOutcome {
        lock.withLock { resumes += 1 }
        return .recorded(message: "automatic failover resumed", stepState: nil)
    }

    func decide(_ decision: StepDecision) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
    func acknowledge(alertFingerprint: String) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
    func silence(alertFingerprint: String, durationSeconds: Double, reason: String) throws -> ActionOutcome {
        .refused(ActionRefusal("not in this test"))
    }
    func expireSilence(alertFingerprint: String) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
    func reportPresence(_ report: ConsoleReport) throws {}
    func changeIncident(_ change: IncidentChange, incidentID: String) throws -> ActionOutcome {
        .refused(ActionRefusal("not in this test"))
    }
    func openIncident(_ declaration: IncidentDeclaration) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
    func addNote(incidentID: String, text: String) throws -> ActionOutcome { .refused(ActionRefusal("not in this test")) }
}
