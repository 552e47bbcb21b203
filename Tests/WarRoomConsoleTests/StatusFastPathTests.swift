import Testing
import WarRoomStatus

/// What the packaged launcher answers itself (`status` in the shapes scripts
/// use) and what it hands to the whole program, whose parser then says the rest.
@Suite("status without the command tree")
struct StatusFastPathTests {
    @Test("the shapes scripts use take the fast path; anything else goes to the parser")
    func shapes() {
        func options(_ words: String...) -> (cache: String?, json: Bool, utc: Bool)? {
            StatusFastPath.options(words[...])
        }
        #expect(options("status").map { $0 == (nil, false, false) } == true)
        #expect(options("status", "--json", "--cache", "/x/cache.sqlite").map { $0 == ("/x/cache.sqlite", true, false) } == true)
        #expect(options("status", "--utc", "--cache=/y").map { $0 == ("/y", false, true) } == true)
        for words in [["status", "--json", "--json"], ["status", "--cache"], ["status", "--cache", "--json"], ["status", "--help"],
                      ["status", "--cache="], ["status", "--cache", "/a", "--cache", "/b"], ["console"], [], ["status", "-h"]] {
            #expect(StatusFastPath.options(words[...]) == nil, "\(words)")
        }
    }

    @Test("a missing cache is a failure naming it, not a report")
    func missingCache() {
        #expect(throws: StatusRun.Failure.self) {
            try StatusRun.report(cachePath: "/nonexistent/warroom-cache.sqlite", json: true, utc: true, version: "test")
        }
        do {
            _ = try StatusRun.report(cachePath: "/nonexistent/warroom-cache.sqlite", json: true, utc: true, version: "test")
        } catch {
            #expect(error.description.contains("/nonexistent/warroom-cache.sqlite"))
        }
    }

    @Test("the cache: --cache, else $WARROOM_CACHE, else the XDG state folder, else ~/.local/state")
    func cachePath() {
        let environment = ["WARROOM_CACHE": "/env/cache.sqlite", "XDG_STATE_HOME": "/state", "HOME": "/home/ana"]
        let look = { (names: Set<String>) in { (name: String) in names.contains(name) ? environment[name] : nil } }
        #expect(CachePath.resolve("/given", for: .demo, environment: look(Set(environment.keys))) == "/given")
        #expect(CachePath.resolve(nil, for: .demo, environment: look(Set(environment.keys))) == "/env/cache.sqlite")
        #expect(CachePath.resolve(nil, for: .demo, environment: look(["XDG_STATE_HOME", "HOME"])) == "/state/warroom/cache.sqlite")
        #expect(CachePath.resolve(nil, for: .demo, environment: look(["HOME"])) == "/home/ana/.local/state/warroom/cache.sqlite")
    }
}
