import Foundation

/// The process that leads a step's process group, told apart from a later
/// process that happens to get the same number by when it started.
///
/// A pid is reused once its process and every group it names are gone, so a
/// group id alone could make a long-finished step look alive after a reboot or
/// a busy day. The start time (`/proc/PID/stat` field 22, clock ticks since
/// boot) makes the match exact while the leader lives; once the leader has
/// ended but others of its group still run, the number cannot have been reused
/// and the group id alone is trusted.
public struct ProcessGroupLeader: Sendable, Equatable {
    public var group: Int32
    /// `nil` when it could not be read (the leader already ended, or a record from before it was kept).
    public var startTicks: Int64?

    public init(group: Int32, startTicks: Int64?) {
        self.group = group
        self.startTicks = startTicks
    }

    /// The leader as it is now: its start time read from `/proc`.
    public static func reading(_ pid: Int32) -> ProcessGroupLeader {
        ProcessGroupLeader(group: pid, startTicks: startTicks(ofProcess: pid))
    }

    /// Field 22 of `/proc/PID/stat`, or `nil` when there is no such process or the line does not parse.
    public static func startTicks(ofProcess pid: Int32) -> Int64? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return startTicks(statLine: text)
    }

    /// Field 22 of a `/proc/PID/stat` line. The command name (field 2) is in
    /// parentheses and may hold spaces and parentheses itself: fields are
    /// counted from the last `)`.
    public static func startTicks(statLine: String) -> Int64? {
        guard let close = statLine.lastIndex(of: ")") else { return nil }
        let fields = statLine[statLine.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // After the name: field 3 (state) is fields[0], so field 22 is fields[19].
        guard fields.count > 19, let ticks = Int64(fields[19]), ticks >= 0 else { return nil }
        return ticks
    }
}
