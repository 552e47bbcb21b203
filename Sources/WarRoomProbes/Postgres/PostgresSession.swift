import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import WarRoomModel

/// One kept connection to one PostgreSQL server, for a probe that asks every
/// round: connecting costs the server a backend and the agent an
/// authentication (SCRAM is deliberately slow), so it happens once and again
/// only after the connection fails. Every conversation is bounded by a
/// deadline that closes the connection.
final class PostgresSession: @unchecked Sendable {
    let address: ServerAddress
    private let user: String
    private let database: String?
    private let tls: PostgresLinkCheck.TLSMode
    private let caFile: String?
    private let group: EventLoopGroup
    private let logger: Logger
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var nextID = 0

    init(address: ServerAddress, user: String, database: String?, tls: PostgresLinkCheck.TLSMode, caFile: String?,
         group: EventLoopGroup, logger: Logger) {
        self.caFile = caFile
        self.address = address
        self.user = user
        self.database = database
        self.tls = tls
        self.group = group
        self.logger = logger
    }

    /// Runs `body` on the kept connection (connecting first when there is
    /// none), within `timeout`. A failed conversation drops the connection;
    /// when the kept one had gone stale, one fresh connection is tried at once.
    func converse<T: Sendable>(password: String?, timeout: Double,
                               _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async -> Result<T, PostgresFailure> {
        let kept = lock.withLock { connection }
        if let kept, !kept.isClosed {
            let result = await run(on: kept, timeout: timeout, body)
            if case .success = result { return result }
            drop(kept)
            // A deadline already spent is not worth spending twice; anything else may be a stale connection.
            if case .failure(let failure) = result, failure.timedOut { return result }
        }
        let fresh: PostgresConnection
        switch await connect(password: password, timeout: timeout) {
        case .failure(let failure): return .failure(failure)
        case .success(let connection): fresh = connection
        }
        // Kept, unless a conversation at the same moment kept a live one of its own: then this
        // one is closed after use. Replaced unclosed, it was released open (an assertion in
        // PostgresNIO's debug builds, a leaked backend in release ones).
        let keeps = lock.withLock { () -> Bool in
            if let current = connection, current !== fresh, !current.isClosed { return false }
            connection = fresh
            return true
        }
        let result = await run(on: fresh, timeout: timeout, body)
        if case .failure = result { drop(fresh) } else if !keeps { Self.release(fresh) }
        return result
    }

    func close() {
        let kept = lock.withLock { () -> PostgresConnection? in
            defer { connection = nil }
            return connection
        }
        if let kept { Self.release(kept) }
    }

    private func drop(_ stale: PostgresConnection) {
        lock.withLock { if connection === stale { connection = nil } }
        Self.release(stale)
    }

    private func connect(password: String?, timeout: Double) async -> Result<PostgresConnection, PostgresFailure> {
        let protection: PostgresConnection.Configuration.TLS
        do {
            protection = try tls.postgresTLS(caFile: caFile)
        } catch {
            return .failure(PostgresFailure("\(address): TLS could not be set up (\(error)); tls: require never connects without it"))
        }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: user, password: password, database: database,
            tls: protection)
        configuration.options.connectTimeout = ProbeDeadline.amount(timeout)
        configuration.options.requireBackendKeyData = false
        let id = lock.withLock { () -> Int in
            nextID += 1
            return nextID
        }
        // A server that takes the connection and never answers the start-up (hung, SIGSTOP) holds
        // `connect` past its connect timeout: the deadline gives up on it, and a connection that
        // comes after all is closed, never kept.
        let group = self.group
        let logger = self.logger
        let settings = configuration
        let abandoned = NIOLockedValueBox(false)
        let attempt = await withinDeadline(timeout) { () -> Result<PostgresConnection, Error> in
            do {
                let connection = try await PostgresConnection.connect(
                    on: group.any(), configuration: settings, id: id, logger: logger)
                if abandoned.withLockedValue({ $0 }) { Self.release(connection) }
                return .success(connection)
            } catch {
                return .failure(error)
            }
        }
        switch attempt {
        case nil:
            abandoned.withLockedValue { $0 = true }
            return .failure(PostgresFailure("\(address) does not answer within \(Format.seconds(timeout))", timedOut: true))
        case .success(let connection)?:
            return .success(connection)
        case .failure(let error)?:
            if case ChannelError.connectTimeout = (error as? PSQLError)?.underlying ?? error {
                return .failure(PostgresFailure("\(address) does not answer within \(Format.seconds(timeout))", timedOut: true))
            }
            return .failure(PostgresFailure("\(address): \(Self.describe(error))"))
        }
    }

    private func run<T: Sendable>(on connection: PostgresConnection, timeout: Double,
                                  _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async -> Result<T, PostgresFailure> {
        let timedOut = NIOLockedValueBox(false)
        let release = Self.release
        let deadline = connection.eventLoop.scheduleTask(in: ProbeDeadline.amount(timeout)) {
            timedOut.withLockedValue { $0 = true }
            release(connection)
        }
        defer { deadline.cancel() }
        do {
            return .success(try await body(connection, logger))
        } catch {
            if timedOut.withLockedValue({ $0 }) {
                return .failure(PostgresFailure("\(address) does not answer within \(Format.seconds(timeout))", timedOut: true))
            }
            return .failure(PostgresFailure("\(address): \(Self.describe(error))"))
        }
    }

    /// Closes `connection`, holding it until it is closed (it must not go before).
    private static func release(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// The server's own message where it sent one, else what went wrong on the way.
    static func describe(_ error: Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection: return "the connection closed"
        case .connectionError:
            guard let underlying = error.underlying else { return "cannot connect" }
            if "\(underlying)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "TLS refused: the server's certificate is not signed by a trusted CA (`ca:`), or is not for this host"
            }
            return "cannot connect: \(underlying)"
        case .sslUnsupported: return "the server does not offer TLS"
        default: return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
    }

    /// True when the server refused a statement because a table is missing.
    static func isUndefinedTable(_ error: Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "42P01"
    }
}
