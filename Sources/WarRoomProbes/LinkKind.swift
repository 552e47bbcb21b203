import Foundation
import Logging
import WarRoomModel

/// A way to measure a replication link — Redis, PostgreSQL, or a kind added
/// later: its settings (a type conforming to this) and its probe, in files of
/// its own, and one line in the configuration's table of link kinds
/// (`ConfigReader.linkKinds`). Nothing else names the kinds.
public protocol LinkKind: Sendable {
    /// The secret it is configured with, if any (`check-config` warns when it cannot be read).
    var secret: SecretReference? { get }
    /// Its probe for the link `linkID`.
    func makeProbe(linkID: String, tools: LinkProbeTools) -> any LinkProbe
    /// Whether `other` is the same kind with the same settings.
    func isEqual(to other: any LinkKind) -> Bool
}

extension LinkKind where Self: Equatable {
    public func isEqual(to other: any LinkKind) -> Bool {
        (other as? Self) == self
    }
}

/// What a link probe is made with: the shared Redis client, how secrets are
/// read, the log, and the agent's clock.
public struct LinkProbeTools: Sendable {
    public var redis: RedisClient
    public var secrets: @Sendable (SecretReference) -> String?
    public var logger: Logger
    public var now: @Sendable () -> EpochMillis

    public init(redis: RedisClient = RedisClient(),
                secrets: @escaping @Sendable (SecretReference) -> String? = SecretReference.resolveFromSystem,
                logger: Logger = Logger(label: "warroom.links"), now: @escaping @Sendable () -> EpochMillis) {
        self.redis = redis
        self.secrets = secrets
        self.logger = logger
        self.now = now
    }
}

extension RedisLinkCheck: LinkKind {
    public var secret: SecretReference? { password }

    public func makeProbe(linkID: String, tools: LinkProbeTools) -> any LinkProbe {
        RedisLinkProbe(linkID: linkID, check: self, client: tools.redis, secrets: tools.secrets, now: tools.now)
    }
}

extension PostgresLinkCheck: LinkKind {
    public var secret: SecretReference? { password }

    public func makeProbe(linkID: String, tools: LinkProbeTools) -> any LinkProbe {
        PostgresLinkProbe(linkID: linkID, check: self, secrets: tools.secrets, logger: tools.logger, now: tools.now)
    }
}
