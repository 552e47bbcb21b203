/// `warroom status` as scripts, tmux status lines and wallboards call it every
/// second, without building the whole command tree first (it matches the
/// names in ``StatusNames``, which the full command declares its options with): the profile of a
/// start-up showed most of it went to swift-argument-parser instantiating
/// every command's arguments (generic metadata, conformance lookups) before
/// `status` ran, and building the help text to exit with status 2. Only the exact shapes below take this path; anything else —
/// `--help`, an unknown or repeated option, a missing value — goes through the
/// parser as before, so its messages and help are the parser's.
package enum StatusFastPath {
    /// What `status` was asked for by `arguments` (after the program name), or
    /// `nil` to parse them the usual way.
    package static func options(_ arguments: ArraySlice<String>) -> (cache: String?, json: Bool, utc: Bool)? {
        guard arguments.first == StatusNames.command else { return nil }
        let (jsonFlag, utcFlag, cacheOption) = ("--" + StatusNames.json, "--" + StatusNames.utc, "--" + StatusNames.cache)
        var json = false, utc = false
        var cache: String?
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case jsonFlag where !json: json = true
            case utcFlag where !utc: utc = true
            case cacheOption where cache == nil:
                guard let path = rest.popFirst(), !path.hasPrefix("-") else { return nil }
                cache = path
            case _ where argument.hasPrefix(cacheOption + "=") && cache == nil:
                let path = String(argument.dropFirst(cacheOption.count + 1))
                if path.isEmpty { return nil }
                cache = path
            default:
                return nil
            }
        }
        return (cache, json, utc)
    }
}
