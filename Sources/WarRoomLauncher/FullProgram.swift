import Foundation

/// The whole `warroom` program, which the package installs beside the
/// launcher: `/usr/lib/warroom/warroom` for `/usr/bin/warroom`, found from
/// where the launcher itself is (a copy of the package's tree works the same).
enum FullProgram {
    /// Where it is, from the folder the launcher runs from.
    static let relativePath = "../lib/warroom/warroom"

    /// The whole program's path, from the launcher's own (`/proc/self/exe`).
    static func path() -> String {
        let launcher = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/usr/bin/warroom"
        let folder = (launcher as NSString).deletingLastPathComponent
        return ((folder as NSString).appendingPathComponent(relativePath) as NSString).standardizingPath
    }

    /// Runs the whole program in this process with the same arguments (the
    /// same process id, as systemd and the operator socket expect); returns
    /// only to say why it could not.
    static func exec(_ arguments: [String]) -> Never {
        let program = path()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(program, &argv)
        let reason = String(cString: strerror(errno))
        FileHandle.standardError.write(Data("warroom: cannot start \(program): \(reason)\n".utf8))
        exit(1)
    }
}
