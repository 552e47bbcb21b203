import Foundation
import Testing
import WarRoomAgent
import WarRoomClock
import WarRoomOperators
import WarRoomModel
import WarRoomStore
import WarRoomTestSupport

@Suite("The agent runtime: reloads, and how actions reach the cache")
struct AgentRuntimeTests {
    static let config = ConfigFileTests.minimal

    let dir = TemporaryDirectory()

    func timeline(_ writer: CacheWriter) throws -> [String] {
        try writer.snapshot(limits: .review).timeline.items.map(\.text)
    }

    @Test("a reload that does not validate keeps the running configuration and says why; one that does replaces it")
    func reload() throws {
        let path = dir.file("warroom.yaml")
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        let writer = try CacheWriter(path: dir.file("cache.sqlite"))
        try writer.apply([.incident(Incident(id: "INC-0001", title: "t", severity: .sev1, status: .investigating, commander: nil,
                                             serviceID: nil, impactStartedAt: 0, openedAt: 0))])
        let first = try ConfigFile.load(path: path).get()
        let clock = AgentClock()
        let running = ConfiguredAgent(first, clock: clock)
        let drills = RunningConfiguration(first)
        let silencers = AlertSilencerSlot(running.silencer)
        var options = AgentLoop.Options()
        options.durationSeconds = 5
        options.tickSeconds = 0.05
        let loop = AgentLoop(options: options, writer: writer)
        let reload = ConfigReload(path: path, running: running, loop: loop, writer: writer, silencers: silencers, drills: drills,
                                  clock: clock)
        defer { reload.stop() }

        try "sites: [ { id: main".write(toFile: path, atomically: true, encoding: .utf8)
        reload.reloadNow()
        #expect(try timeline(writer).contains { $0.hasPrefix("Configuration reload refused, the running one is kept: \(path) has 1 problem(s)") })
        #expect(drills.configuration?.sites.map(\.id) == ["main"], "the running configuration is kept")
        #expect(silencers.silencer == nil)

        try (Self.config.replacingOccurrences(of: "sites:\n", with: "sites:\n  - { id: dr, name: DR, role: secondary }\n")
             + "\nalertmanager: { url: \"http://127.0.0.1:9\" }\n").write(toFile: path, atomically: true, encoding: .utf8)
        // The new configuration is taken at the start of the loop's next round.
        let loopEnded = DispatchSemaphore(value: 0)
        Thread { [loop, clock] in
            _ = try? loop.run(sources: [], clockStart: clock.now)
            loopEnded.signal()
        }.start()
        defer {
            loop.stop()
            loopEnded.wait()
        }
        reload.reloadNow()
        let deadline = Date().addingTimeInterval(4)
        while try !timeline(writer).contains(where: { $0.hasPrefix("Configuration reloaded") }), Date() < deadline {
            usleep(20_000)
        }
        #expect(try timeline(writer).contains { $0 == "Configuration reloaded from \(path): 2 sites, 1 checks" })
        #expect(drills.configuration?.sites.map(\.id) == ["dr", "main"], "drills run against the new configuration")
        #expect(silencers.silencer != nil, "silences go to the new configuration's Alertmanager")
    }

    @Test("actions go through the agent's socket when one listens, else straight to a cache this user may write")
    func socketOrDirect() throws {
        let path = dir.file("cache.sqlite")
        let writer = try CacheWriter(path: path)
        let me = SystemIdentity.current()
        #expect(try OperatorChannel.actions(cachePath: path, identity: me).get() is DirectOperatorActions)
        let server = OperatorSocketServer(cachePath: path, writer: writer)
        try server.start()
        #expect(try OperatorChannel.actions(cachePath: path, identity: me).get() is SocketOperatorActions)
        server.stop()
        #expect(try OperatorChannel.actions(cachePath: path, identity: me).get() is DirectOperatorActions,
                "the agent gone, its stale socket is not taken for it")
        let nowhere = dir.file("no/such/folder/cache.sqlite")
        guard case .failure(let unavailable) = OperatorChannel.actions(cachePath: nowhere, identity: me) else {
            Issue.record("a cache nobody may write was taken")
            return
        }
        #expect(unavailable.reason == "no agent is listening on \(nowhere).sock and you may not write the cache")
        let junk = dir.file("junk.sqlite")
        try Data("not a cache at all, but this user may write it".utf8).write(to: URL(fileURLWithPath: junk))
        guard case .failure(let unopened) = OperatorChannel.actions(cachePath: junk, identity: me) else {
            Issue.record("a file that is no cache was taken for one")
            return
        }
        #expect(unopened.reason.hasPrefix("no agent is listening on \(junk).sock, and the cache could not be opened to write it directly: "),
                "a user who may write the file is told why it could not be used, not that they may not: \(unopened.reason)")
        #expect(unopened.reason.contains("junk.sqlite"), "the reason names the file")
    }
}
