/// One series of an instant query's answer: its labels and value.
public struct PrometheusSample: Sendable, Equatable {
    public var labels: [String: String]
    public var value: Double

    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// Why a query has no usable value, in Prometheus's words where it gave some.
public struct PrometheusProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads `GET /api/v1/query` answers: `vector` and `scalar` results; an
/// `error` status with its type and text; anything else named for what it is.
public enum PrometheusAnswer {
    public static func parse(status: Int, body: [UInt8]) -> Result<[PrometheusSample], PrometheusProblem> {
        guard let json = JSONValue.parse(body) else {
            return .failure(PrometheusProblem("HTTP \(status): the answer is not JSON"))
        }
        if json["status"]?.string == "error" || status != 200 {
            let kind = json["errorType"]?.string.map { "\($0): " } ?? ""
            return .failure(PrometheusProblem(kind + (json["error"]?.string ?? "HTTP \(status) without an error text")))
        }
        guard json["status"]?.string == "success", let data = json["data"] else {
            return .failure(PrometheusProblem("the answer has no status \"success\" and no data"))
        }
        switch data["resultType"]?.string {
        case "vector"?:
            guard case .array(let series)? = data["result"] else { return .failure(PrometheusProblem("a vector without a result list")) }
            var samples: [PrometheusSample] = []
            for item in series {
                guard let value = pairValue(item["value"]) else {
                    return .failure(PrometheusProblem("a series whose value is not [time, \"number\"]"))
                }
                samples.append(PrometheusSample(labels: item["metric"]?.stringMap ?? [:], value: value))
            }
            return .success(samples)
        case "scalar"?:
            guard let value = pairValue(data["result"]) else { return .failure(PrometheusProblem("a scalar that is not [time, \"number\"]")) }
            return .success([PrometheusSample(labels: [:], value: value)])
        case let other?:
            return .failure(PrometheusProblem("a \(other) result: give an instant expression that yields a vector or a scalar"))
        case nil:
            return .failure(PrometheusProblem("the answer has no resultType"))
        }
    }

    /// `[1795613118.037, "0.5"]` → 0.5.
    private static func pairValue(_ value: JSONValue?) -> Double? {
        guard case .array(let pair)? = value, pair.count == 2, let text = pair[1].string else { return nil }
        return Double(text)
    }
}
