import ArgumentParser
import Foundation
import WarRoomModel
import WarRoomStore

/// How commands open the cache: one place that turns a bad cache into its
/// one-line message and exit status 1, and that tells whether another
/// process is writing the cache right now.
enum CacheAccess {
    /// The cache opened read-only, or the command ends with the cache's message.
    static func reader(_ path: String) throws -> CacheReader {
        do {
            return try CacheReader(path: path)
        } catch let error as CacheError {
            throw CommandFailure.exit(error.description)
        }
    }
}
