import ArgumentParser
import WarRoomStatus

/// `--cache PATH`, the one option every command that reads or writes the
/// cache takes: declared once, its name shared with `status`'s fast path.
struct CacheOption: ParsableArguments {
    @Option(name: .customLong(StatusNames.cache), help: ArgumentHelp(
        "The cache file (default: $WARROOM_CACHE, the packaged agent's, or your state folder's).", valueName: "path"))
    var given: String?

    /// The cache to use: `--cache`, else where ``CachePath`` finds it for `use`.
    func path(for use: CachePath.Use = .operating) -> String {
        CachePath.resolve(given, for: use)
    }
}
