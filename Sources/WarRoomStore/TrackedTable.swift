import GRDB

/// One table's rows in order, with where each row is, kept up to date by revision.
///
/// Reading what changed and applying it are apart, so a read that fails
/// halfway leaves the rows as they were.
struct TrackedTable<Value> {
    let table: String
    /// The columns read, as `decode`, `key` and `place` expect them.
    let columns: String
    let order: String
    let key: (Row) throws -> String
    /// The row's place in the order beyond its key (its configured position).
    let place: (Row) throws -> Int
    let decode: (Row) throws -> Value
    private(set) var values: [Value] = []
    private var slots: [String: Slot] = [:]

    struct Slot {
        var index: Int
        var place: Int
    }

    /// What a refresh found: nothing, rows to replace where they are, or the table read whole.
    enum Change {
        case none
        case patch([(index: Int, value: Value)])
        case whole(values: [Value], slots: [String: Slot])
    }

    init(table: String, columns: String, order: String, key: @escaping (Row) throws -> String, place: @escaping (Row) throws -> Int,
         decode: @escaping (Row) throws -> Value) {
        self.table = table
        self.columns = columns
        self.order = order
        self.key = key
        self.place = place
        self.decode = decode
    }

    /// The rows stamped after `revision` (the whole table when there is none
    /// or a row moved, came or went); with `countOnly`, only whether the row
    /// count changed (a row deleted stamps nothing).
    func changes(_ db: Database, since revision: Int64?, countOnly: Bool) throws -> Change {
        if countOnly { return try count(db) == values.count ? .none : readWhole(db) }
        guard let revision, try count(db) == values.count else { return try readWhole(db) }
        var changed: [(index: Int, value: Value)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(columns) FROM \(table) WHERE revision > ?"),
                                       arguments: [revision])
        while let row = try rows.next() {
            guard let slot = slots[try key(row)], try slot.place == place(row) else { return try readWhole(db) }
            changed.append((slot.index, try decode(row)))
        }
        return changed.isEmpty ? .none : .patch(changed)
    }

    mutating func apply(_ change: Change) {
        switch change {
        case .none:
            break
        case .patch(let changed):
            for (index, value) in changed { values[index] = value }
        case .whole(let read, let readSlots):
            (values, slots) = (read, readSlots)
        }
    }

    /// Where the row kept under `key` is in ``values``, if it is kept.
    func index(forKey key: String) -> Int? {
        slots[key]?.index
    }

    /// Whether `array` is this table's own storage (not a copy of it).
    func holds(_ array: [Value]) -> Bool {
        array.count == values.count
            && array.withUnsafeBufferPointer { a in values.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } }
    }

    private func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(table)")) ?? 0
    }

    private func readWhole(_ db: Database) throws -> Change {
        var read: [Value] = []
        var readSlots: [String: Slot] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(columns) FROM \(table) ORDER BY \(order)"))
        while let row = try rows.next() {
            readSlots[try key(row)] = Slot(index: read.count, place: try place(row))
            read.append(try decode(row))
        }
        return .whole(values: read, slots: readSlots)
    }
}
