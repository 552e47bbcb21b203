import Crypto
import Foundation

/// SHA-256 as lowercase hex: the one hashing the audit chain and runbook
/// hashes share.
public enum ContentHash {
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
