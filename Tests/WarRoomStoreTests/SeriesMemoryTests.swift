import Testing
import WarRoomModel
@testable import WarRoomStore

/// The samples behind sparklines, held between reads: what is read again and what is forgotten.
@Suite("Sparkline series held between reads")
struct SeriesMemoryTests {
    struct Sample: Equatable {
        var at: EpochMillis
    }

    /// A table of samples per key, counting what each read asked for.
    final class Table {
        var samples: [String: [Sample]] = [:]
        var reads: [(key: String, after: EpochMillis?)] = []

        func measure(_ key: String, at: EpochMillis) { samples[key, default: []].append(Sample(at: at)) }
        var measured: [String: EpochMillis] { samples.compactMapValues { $0.last?.at } }

        func read(_ key: String, after: EpochMillis?, limit: Int) -> [Sample] {
            reads.append((key, after))
            return Array((samples[key] ?? []).filter { $0.at > (after ?? .min) }.suffix(limit))
        }
    }

    func read(_ memory: inout SeriesMemory<Sample>, _ keys: Set<String>, _ table: Table, limit: Int = 3) throws -> [String: [Sample]] {
        try memory.read(keys, limit: limit, measured: table.measured, at: \.at) { key, after in
            table.read(key, after: after, limit: limit)
        }
    }

    @Test("a series that leaves the view and comes back is read only past what is held")
    func backInView() throws {
        let table = Table()
        for key in ["a", "b"] { for at in 1...5 { table.measure(key, at: EpochMillis(at)) } }
        var memory = SeriesMemory<Sample>(retained: 8)
        #expect(try read(&memory, ["a", "b"], table)["a"] == [Sample(at: 3), Sample(at: 4), Sample(at: 5)])
        #expect(table.reads.allSatisfy { $0.after == nil })
        table.reads = []
        _ = try read(&memory, ["b"], table)
        #expect(table.reads.isEmpty, "nothing newer was measured")
        table.measure("a", at: 6)
        let back = try read(&memory, ["a", "b"], table)
        #expect(back["a"] == [Sample(at: 4), Sample(at: 5), Sample(at: 6)])
        #expect(table.reads.map(\.key) == ["a"] && table.reads.first?.after == 5, "only a, and only past its newest held")
    }

    @Test("beyond the bound the least recently asked series are forgotten and read whole if asked again")
    func bounded() throws {
        let table = Table()
        let keys = (0..<20).map { "k\($0)" }
        for key in keys { table.measure(key, at: 1) }
        var memory = SeriesMemory<Sample>(retained: 4)
        for key in keys { _ = try read(&memory, [key], table) }
        #expect(memory.heldCount <= 5)
        table.reads = []
        _ = try read(&memory, ["k19", "k0"], table)
        #expect(table.reads.map(\.key) == ["k0"] && table.reads.first?.after == nil, "k0 was forgotten, k19 was held")
    }

    @Test("a wider sparkline than held reads the series whole; a narrower one is cut from what is held")
    func widths() throws {
        let table = Table()
        for at in 1...10 { table.measure("a", at: EpochMillis(at)) }
        var memory = SeriesMemory<Sample>()
        _ = try read(&memory, ["a"], table, limit: 3)
        #expect(try read(&memory, ["a"], table, limit: 6)["a"]?.count == 6)
        table.reads = []
        #expect(try read(&memory, ["a"], table, limit: 2)["a"] == [Sample(at: 9), Sample(at: 10)])
        #expect(table.reads.isEmpty)
    }
}
