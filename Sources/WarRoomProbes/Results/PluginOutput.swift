import WarRoomModel

/// One performance-data item of a Monitoring Plugins check:
/// `'label'=value[UOM];[warn];[crit];[min];[max]`.
public struct PerformanceDatum: Sendable, Equatable {
    public var label: String
    public var value: Double
    /// `s`, `ms`, `%`, `B`, `KB`, `c`, … or empty.
    public var unit: String
    public var warning: String?
    public var critical: String?
    public var minimum: Double?
    public var maximum: Double?

    public init(label: String, value: Double, unit: String = "", warning: String? = nil, critical: String? = nil,
                minimum: Double? = nil, maximum: Double? = nil) {
        self.label = label
        self.value = value
        self.unit = unit
        self.warning = warning
        self.critical = critical
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// What a Monitoring Plugins style command said: exit 0 OK, 1 WARNING,
/// 2 CRITICAL, 3 UNKNOWN (and any other exit UNKNOWN); the first line is the
/// summary, performance data follow a `|`.
public struct PluginOutput: Sendable, Equatable {
    public var state: HealthState
    /// The first line of output without its performance data (empty output says so).
    public var summary: String
    public var performance: [PerformanceDatum]
    /// Performance data that could not be read, as given (kept, never dropped silently).
    public var unreadablePerformance: [String]

    /// Reads a finished command: its exit status (`nil` when it did not exit
    /// normally) and its combined output.
    public init(exitStatus: Int32?, output: String) {
        switch exitStatus {
        case 0: state = .ok
        case 1: state = .warning
        case 2: state = .critical
        default: state = .unknown
        }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.first ?? ""
        var perfText: [String] = []
        if let bar = first.firstIndex(of: "|") {
            summary = first[..<bar].trimmed(of: " \t\r")
            perfText.append(String(first[first.index(after: bar)...]))
        } else {
            summary = first.trimmed(of: " \t\r")
        }
        // Long output may carry more performance data after a `|` on a later line.
        for line in lines.dropFirst() {
            if let bar = line.firstIndex(of: "|") { perfText.append(String(line[line.index(after: bar)...])) }
        }
        if summary.isEmpty { summary = "(no output)" }
        var data: [PerformanceDatum] = []
        var unreadable: [String] = []
        for item in perfText.flatMap(Self.items) {
            if let datum = Self.datum(item) { data.append(datum) } else { unreadable.append(item) }
        }
        performance = data
        unreadablePerformance = unreadable
    }

    /// Splits performance data into items at spaces, keeping quoted labels whole.
    static func items(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "'" { quoted.toggle() }
            if (character == " " || character == "\t") && !quoted {
                if !current.isEmpty { items.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { items.append(current) }
        return items
    }

    static func datum(_ item: String) -> PerformanceDatum? {
        guard let equals = item.lastIndex(of: "=") else { return nil }
        var label = String(item[..<equals])
        if label.hasPrefix("'") && label.hasSuffix("'") && label.count >= 2 { label = String(label.dropFirst().dropLast()) }
        guard !label.isEmpty else { return nil }
        let fields = item[item.index(after: equals)...].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let valueField = fields[0]
        let numberEnd = valueField.firstIndex { !("0123456789.-+eE".contains($0)) } ?? valueField.endIndex
        guard let value = OutsideNumber.value(Double(valueField[..<numberEnd]), negativeAllowed: true) else { return nil }
        let unit = String(valueField[numberEnd...])
        func field(_ index: Int) -> String? {
            index < fields.count && !fields[index].isEmpty ? fields[index] : nil
        }
        return PerformanceDatum(label: label, value: value, unit: unit, warning: field(1), critical: field(2),
                                minimum: OutsideNumber.value(field(3).flatMap(Double.init), negativeAllowed: true),
                                maximum: OutsideNumber.value(field(4).flatMap(Double.init), negativeAllowed: true))
    }
}

extension StringProtocol {
    func trimmed(of set: String) -> String {
        var characters = Substring(self)
        while let first = characters.first, set.contains(first) { characters.removeFirst() }
        while let last = characters.last, set.contains(last) { characters.removeLast() }
        return String(characters)
    }
}
