/// Where the Debian package's agent (`warroom-agent.service`) keeps its cache
/// (systemd's `StateDirectory`) and its operator socket (`RuntimeDirectory`):
/// every command finds them with no `--cache` once the package is installed.
package enum PackagedAgent {
    package static let cache = "/var/lib/warroom/cache.sqlite"
    package static let socket = "/run/warroom/warroom.sock"
}
