import Foundation
import WarRoomModel

/// The silencer of the running configuration, which the operator socket
/// uses; a reload puts another in. State of the running agent, not a domain value.
public final class AlertSilencerSlot: @unchecked Sendable {
    private var current: (any AlertSilencing)?
    private let lock = NSLock()

    public init(_ silencer: (any AlertSilencing)? = nil) {
        current = silencer
    }

    public var silencer: (any AlertSilencing)? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
