import Foundation

/// Why this user may not read a file, naming the group that may: a packaged
/// cache is readable by its group (`warroom-viewers`) and nobody else, so the
/// one line a refused user reads says which group to join.
enum ReadPermission {
    /// The refusal in words, or `nil` when nothing on the way to `path` denies this user.
    static func denied(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            return access(path, R_OK) == 0 ? nil : words(groupID: info.st_gid)
        }
        guard errno == EACCES else { return nil }
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty, folder != "/" {
            if stat(folder, &info) == 0, access(folder, X_OK) != 0 { return words(groupID: info.st_gid) }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return "permission denied"
    }

    private static func words(groupID: gid_t) -> String {
        guard let group = getgrgid(groupID).map({ String(cString: $0.pointee.gr_name) }), group != "root" else {
            return "permission denied"
        }
        let user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "USER"
        return "permission denied: group \(group) may read it; to join it: sudo adduser \(user) \(group), then log in again"
    }
}
