/// Where a value sits in the tree: its parent's coding path and its own key.
/// The whole path is put together only when asked for (an error, a nested
/// container), not for every member: a report has thousands of scalars.
struct CodingPlace {
    let parent: [any CodingKey]
    let key: (any CodingKey)?

    static let root = CodingPlace(parent: [], key: nil)

    var path: [any CodingKey] { key.map { parent + [$0] } ?? parent }
}

/// The `Encoder` behind ``ReportJSON``: writes what a value encodes into a
/// ``JSONSlot``, scalars already as their JSON text.
struct SlotEncoder: Encoder {
    let slot: JSONSlot
    let place: CodingPlace
    var codingPath: [any CodingKey] { place.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(ObjectContainer<Key>(slot: slot.object(), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        ArrayContainer(slot: slot.array(), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ValueContainer(slot: slot, place: place)
    }
}

/// One scalar, or a nested value encoded in place.
struct ValueContainer: SingleValueEncodingContainer {
    let slot: JSONSlot
    let place: CodingPlace
    var codingPath: [any CodingKey] { place.path }

    mutating func encodeNil() throws { slot.scalar = "null" }
    mutating func encode(_ value: Bool) throws { slot.scalar = value ? "true" : "false" }
    mutating func encode(_ value: String) throws { slot.string = value }
    mutating func encode(_ value: Double) throws { slot.scalar = try JSONText.number(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { slot.scalar = try JSONText.number(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { slot.scalar = String(value) }
    mutating func encode(_ value: Int8) throws { slot.scalar = String(value) }
    mutating func encode(_ value: Int16) throws { slot.scalar = String(value) }
    mutating func encode(_ value: Int32) throws { slot.scalar = String(value) }
    mutating func encode(_ value: Int64) throws { slot.scalar = String(value) }
    mutating func encode(_ value: UInt) throws { slot.scalar = String(value) }
    mutating func encode(_ value: UInt8) throws { slot.scalar = String(value) }
    mutating func encode(_ value: UInt16) throws { slot.scalar = String(value) }
    mutating func encode(_ value: UInt32) throws { slot.scalar = String(value) }
    mutating func encode(_ value: UInt64) throws { slot.scalar = String(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: SlotEncoder(slot: slot, place: place))
    }
}

/// An object's members, each a value encoded into its own slot.
struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: JSONSlot
    let codingPath: [any CodingKey]

    private func member(_ key: Key) -> ValueContainer {
        let member = JSONSlot()
        slot.members?.append((key.stringValue, member))
        return ValueContainer(slot: member, place: CodingPlace(parent: codingPath, key: key))
    }

    mutating func encodeNil(forKey key: Key) throws { var value = member(key); try value.encodeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { var slot = member(key); try slot.encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = member(key)
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(slot: nested.slot.object(), codingPath: nested.codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = member(key)
        return ArrayContainer(slot: nested.slot.array(), codingPath: nested.codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = JSONSlot()
        slot.members?.append(("super", nested))
        return SlotEncoder(slot: nested, place: CodingPlace(parent: codingPath, key: nil))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = member(key)
        return SlotEncoder(slot: nested.slot, place: nested.place)
    }
}

/// An array's elements, each a value encoded into its own slot.
struct ArrayContainer: UnkeyedEncodingContainer {
    let slot: JSONSlot
    let codingPath: [any CodingKey]
    var count: Int { slot.elements?.count ?? 0 }

    private func element() -> ValueContainer {
        let element = JSONSlot()
        slot.elements?.append(element)
        return ValueContainer(slot: element, place: CodingPlace(parent: codingPath, key: ArrayIndexKey(count - 1)))
    }

    mutating func encodeNil() throws { var value = element(); try value.encodeNil() }
    mutating func encode(_ value: Bool) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: String) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Double) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Float) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Int) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Int8) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Int16) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Int32) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: Int64) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: UInt) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: UInt8) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: UInt16) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: UInt32) throws { var slot = element(); try slot.encode(value) }
    mutating func encode(_ value: UInt64) throws { var slot = element(); try slot.encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { var slot = element(); try slot.encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = element()
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(slot: nested.slot.object(), codingPath: nested.codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = element()
        return ArrayContainer(slot: nested.slot.array(), codingPath: nested.codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = element()
        return SlotEncoder(slot: nested.slot, place: nested.place)
    }
}

/// The coding-path key of an array element, for error messages.
struct ArrayIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}
