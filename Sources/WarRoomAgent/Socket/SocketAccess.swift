import Foundation

/// Who may connect to the agent's socket: the socket file's group and mode.
/// The default, owner and group only (0660, the agent's own group), keeps
/// other local users out; who may do what once connected is still the
/// runbook's approvers policy.
public struct SocketAccess: Sendable, Equatable {
    /// Permission bits of the socket file (connecting needs write permission).
    public var mode: mode_t
    /// The group that owns the socket file; `nil` keeps the agent's own group.
    public var group: String?

    public init(mode: mode_t = 0o660, group: String? = nil) {
        self.mode = mode
        self.group = group
    }

    /// Parses an octal mode such as `0660` or `660`, refusing what is not one.
    public static func mode(parsing text: String) -> mode_t? {
        guard !text.isEmpty, text.count <= 4, let value = UInt32(text, radix: 8), value <= 0o777 else { return nil }
        return mode_t(value)
    }

    /// The group's id, or `nil` when no such group exists.
    public static func groupID(_ name: String) -> gid_t? {
        getgrnam(name).map { $0.pointee.gr_gid }
    }
}

/// Bounds that keep one client from delaying another's approval.
public struct SocketLimits: Sendable, Equatable {
    /// Seconds a connection may stay silent before its first byte (per request).
    public var firstByteSeconds: Double = 2
    /// Seconds from a request's first byte to its newline.
    public var requestSeconds: Double = 5
    /// Connections one user may hold open at once; more are refused at once.
    public var connectionsPerUser = 8
    /// Connections open at once, all users together.
    public var connections = 128
    /// Requests one user may make per second, on average; more are refused
    /// without touching the cache, so a flood cannot fill the audit trail.
    public var requestsPerSecond = 5.0
    /// Requests one user may make at once before the rate applies.
    public var requestBurst = 30.0
    /// Seconds a silence request waits for Alertmanager before its client is
    /// told it goes on (the outcome is recorded when Alertmanager answers).
    public var alertmanagerAnswerSeconds = 2.0
    /// Silence requests that may wait for Alertmanager at once; more are refused.
    public var alertmanagerWaiting = 16

    public init() {}
}

/// A token bucket per user: `burst` requests at once, then `rate` a second.
struct RequestBudget {
    var rate: Double
    var burst: Double
    private var tokens: [uid_t: (left: Double, at: Double)] = [:]

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes one request from `uid`'s budget at `now` (seconds); false when it is spent.
    mutating func take(_ uid: uid_t, now: Double) -> Bool {
        let previous = tokens[uid] ?? (burst, now)
        let left = min(burst, previous.left + (now - previous.at) * rate)
        guard left >= 1 else {
            tokens[uid] = (left, now)
            return false
        }
        tokens[uid] = (left - 1, now)
        return true
    }
}
