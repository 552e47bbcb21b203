import Foundation
import WarRoomOperators

/// Where the cache lives: `--cache`, else `$WARROOM_CACHE`, else where the
/// command's use finds it, else the XDG state folder
/// (`$XDG_STATE_HOME/warroom/cache.sqlite`, `~/.local/state/...` when unset).
package enum CachePath {
    /// What the command does with the cache, which decides its default.
    package enum Use: Sendable {
        /// Reads it or acts on it: the packaged agent's cache when the package is installed.
        case operating
        /// Writes the demo's own cache: always the user's.
        case demo
        /// Keeps it as the agent: systemd's `$STATE_DIRECTORY` when the service runs it.
        case agent
    }

    /// `environment` looks one variable up; by default in the process's own,
    /// one `getenv` at a time rather than a copy of the whole environment,
    /// which `status` would pay on every call.
    package static func resolve(_ option: String?, for use: Use = .operating,
                        environment: (String) -> String? = processEnvironment) -> String {
        if let option, !option.isEmpty { return option }
        if let path = environment("WARROOM_CACHE"), !path.isEmpty { return path }
        switch use {
        case .operating where packagedCacheIsThere():
            return PackagedAgent.cache
        case .agent:
            // systemd lists the unit's state directories separated by colons; the first is ours.
            if let state = environment("STATE_DIRECTORY")?.split(separator: ":").first, state.hasPrefix("/") {
                return state + "/cache.sqlite"
            }
        default:
            break
        }
        let stateHome: String
        if let xdg = environment("XDG_STATE_HOME"), xdg.hasPrefix("/") {
            stateHome = xdg
        } else {
            let home = environment("HOME").flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            stateHome = home + "/.local/state"
        }
        return stateHome + "/warroom/cache.sqlite"
    }

    /// True when the packaged agent's cache exists, also when its folder keeps
    /// this user out (then the refusal names the group to join, not another file).
    private static func packagedCacheIsThere() -> Bool {
        var info = stat()
        return stat(PackagedAgent.cache, &info) == 0 || errno == EACCES
    }

    package static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
