import WarRoomModel

/// Where a secret comes from: never the configuration file itself, and never
/// written to the cache, the status output, the timeline or logs. Its
/// description names the reference, not the value.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable of the agent.
    case environment(String)
    /// A file's content, without its trailing newline.
    case file(String)

    /// Parses `env:NAME` or `file:PATH`; `nil` for anything else (an inline secret).
    public init?(reference text: String) {
        if text.hasPrefix("env:"), text.count > 4 {
            self = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("file:"), text.count > 5 {
            self = .file(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        }
    }
}

/// An HTTP(S) health check.
public struct HTTPCheck: Sendable, Equatable {
    public var url: String
    /// The status that counts as healthy; `nil`: any 2xx.
    public var expectStatus: Int?
    /// Text the body must contain to count as healthy.
    public var bodyContains: String?
    /// Extra request headers; values that are secrets are references.
    public var headers: [String: HeaderValue]

    /// A header value: plain text, or a secret by reference.
    public enum HeaderValue: Sendable, Equatable {
        case text(String)
        case secret(SecretReference)
    }

    public init(url: String, expectStatus: Int? = nil, bodyContains: String? = nil, headers: [String: HeaderValue] = [:]) {
        self.url = url
        self.expectStatus = expectStatus
        self.bodyContains = bodyContains
        self.headers = headers
    }
}

/// A TCP connect check.
public struct TCPCheck: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}

/// A Monitoring Plugins style command check (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
public struct CommandCheck: Sendable, Equatable {
    public var argv: [String]
    /// Added to the agent's environment; secrets by reference.
    public var environment: [String: HTTPCheck.HeaderValue]

    public init(argv: [String], environment: [String: HTTPCheck.HeaderValue] = [:]) {
        self.argv = argv
        self.environment = environment
    }
}

/// One configured check: what it probes, for which site and service, and how often.
public struct CheckSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case http(HTTPCheck)
        case tcp(TCPCheck)
        case command(CommandCheck)

        /// `http`, `tcp` or `command`: the configuration's key for the kind.
        public var name: String {
            switch self {
            case .http: "http"
            case .tcp: "tcp"
            case .command: "command"
            }
        }
    }

    /// Unique within the configuration (`new-york/core-mcp/http` unless named).
    public var name: String
    public var siteID: String
    public var serviceID: String
    public var kind: Kind
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    /// Up to this many seconds are added at random to each interval, so checks spread out.
    public var jitterSeconds: Double

    public init(name: String, siteID: String, serviceID: String, kind: Kind, intervalSeconds: Double,
                timeoutSeconds: Double, jitterSeconds: Double) {
        self.name = name
        self.siteID = siteID
        self.serviceID = serviceID
        self.kind = kind
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.jitterSeconds = jitterSeconds
    }
}
