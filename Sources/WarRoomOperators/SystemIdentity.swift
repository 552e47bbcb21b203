import Foundation
import WarRoomModel

/// The operator as the operating system knows them: the user name of the
/// real uid, its groups, and the SSH client address when there is one.
/// `$USER` and flags are never consulted.
public enum SystemIdentity {
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> OperatorIdentity {
        identity(uid: getuid(), origin: origin(environment))
    }

    /// The identity of `uid` (for the agent: a socket peer's uid from SO_PEERCRED).
    public static func identity(uid: uid_t, origin: String?) -> OperatorIdentity {
        guard let entry = getpwuid(uid), let namePointer = entry.pointee.pw_name else {
            return OperatorIdentity(name: "uid-\(uid)", origin: origin)
        }
        let name = String(cString: namePointer)
        return OperatorIdentity(name: name, groups: groups(of: namePointer, primary: entry.pointee.pw_gid), origin: origin)
    }

    private static func groups(of user: UnsafeMutablePointer<CChar>, primary: gid_t) -> [String] {
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &ids, &count) == -1 {
            ids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(user, primary, &ids, &count)
        }
        return ids.prefix(Int(max(0, count))).compactMap { gid in
            getgrgid(gid).flatMap { $0.pointee.gr_name.map { String(cString: $0) } }
        }
    }

    /// `ssh 203.0.113.7` from `SSH_CONNECTION` (client address, client port, server address, server port).
    static func origin(_ environment: [String: String]) -> String? {
        guard let connection = environment["SSH_CONNECTION"], let client = connection.split(separator: " ").first else {
            return nil
        }
        return "ssh \(client)"
    }
}

extension SystemIdentity {
    /// The people `policy` names who exist on this host: its users that have
    /// an account, and the members of its groups (those listed in the group
    /// database, and those whose primary group it is). `nil` when the policy
    /// names nobody (every local user may then approve).
    public static func approversOnRecord(_ policy: ApproverPolicy) -> Int? {
        guard !policy.users.isEmpty || !policy.groups.isEmpty else { return nil }
        var people = Set(policy.users.filter { getpwnam($0) != nil })
        var gids: Set<gid_t> = []
        for group in policy.groups {
            guard let entry = getgrnam(group) else { continue }
            gids.insert(entry.pointee.gr_gid)
            var member = entry.pointee.gr_mem
            while let name = member?.pointee {
                people.insert(String(cString: name))
                member = member?.advanced(by: 1)
            }
        }
        if !gids.isEmpty {
            setpwent()
            while let user = getpwent() {
                if gids.contains(user.pointee.pw_gid), let name = user.pointee.pw_name { people.insert(String(cString: name)) }
            }
            endpwent()
        }
        return people.count
    }
}
