import WarRoomModel

/// The links a screen lists, in its order and after its filter: places in
/// the snapshot's links, not copies of them (a fleet has a thousand, and a
/// refresh sorts them again), with how many are over their RPO.
public struct LinkRows: RandomAccessCollection, Sendable {
    private let all: [ReplicationLink]
    private let order: [Int]
    /// How many of these links are over their RPO now.
    public let overRPO: Int

    init(all: [ReplicationLink] = [], order: [Int] = [], overRPO: Int = 0) {
        self.all = all
        self.order = order
        self.overRPO = overRPO
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }
    public subscript(position: Int) -> ReplicationLink { all[order[position]] }
}
