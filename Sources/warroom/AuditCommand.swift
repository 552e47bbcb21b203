import ArgumentParser
import Foundation
import WarRoomConsole
import WarRoomModel
import WarRoomReports
import WarRoomStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check or print the audit trail.",
                                                    subcommands: [Verify.self, Log.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the hash chain and the anchor file; exit 1 naming the first entry that does not verify.")

        @OptionGroup var cache: CacheOption

        func run() throws {
            let path = cache.path()
            let trail = try AuditTrailReader.read(path)
            let anchorFile = AuditAnchorFile(cachePath: path)
            let anchors: [AuditAnchor]
            do {
                guard let read = try anchorFile.read() else {
                    if trail.isEmpty {
                        print("audit trail empty: nothing to verify")
                        return
                    }
                    throw CommandFailure.exit("audit trail of \(trail.count) entries cannot be verified: anchor file \(anchorFile.path) is missing")
                }
                anchors = read
            } catch let error as AnchorError {
                throw CommandFailure.exit(error.description)
            }
            if let broken = AuditChain.verify(trail, anchors: anchors) {
                throw CommandFailure.exit("audit trail BROKEN at \(TerminalText.sanitize(broken.description))")
            }
            print("audit trail intact: \(trail.count) entries, \(anchors.count) anchored heads (\(anchorFile.path))")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", abstract: "Print the audit trail, oldest first.")

        @OptionGroup var cache: CacheOption
        @Flag(name: .long, help: "Show times in UTC instead of the local zone.") var utc = false

        func run() throws {
            let clock = utc ? ClockText.utc : ClockText(timeZone: .current)
            for entry in try AuditTrailReader.read(cache.path()) {
                let line = "\(entry.sequence)  \(clock.dateTime(entry.at))  \(entry.actor)  \(entry.action)  \(entry.subject)  \(entry.detail)"
                print(TerminalText.sanitize(line))
            }
        }
    }
}

enum AuditTrailReader {
    static func read(_ path: String) throws -> [AuditEntry] {
        do {
            return try CacheAccess.reader(path).auditTrail()
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
    }
}
