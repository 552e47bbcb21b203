import Foundation

/// Where the cache lives: `--cache`, else `$WARROOM_CACHE`, else the XDG state
/// folder (`$XDG_STATE_HOME/warroom/cache.sqlite`, `~/.local/state/...` when unset).
enum CachePath {
    static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let path = environment["WARROOM_CACHE"], !path.isEmpty { return path }
        let stateHome: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            stateHome = home + "/.local/state"
        }
        return stateHome + "/warroom/cache.sqlite"
    }
}
