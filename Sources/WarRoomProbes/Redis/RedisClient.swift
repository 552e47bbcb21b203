import NIOCore
import NIOPosix
import WarRoomModel

/// Why a conversation with a Redis server failed, in words.
public struct RedisFailure: Error, Equatable, Sendable, CustomStringConvertible, EndFailure {
    public var description: String
    /// The server took the connection but did not answer in time: hung, not dead.
    public var timedOut: Bool

    public init(_ description: String, timedOut: Bool = false) {
        self.description = description
        self.timedOut = timedOut
    }
}

/// A short conversation with one Redis server over SwiftNIO: connect, `AUTH`
/// when a password is given, send the commands, read one reply each, close.
/// Everything within `timeout`; a server that says `-ERR` is an answer, not
/// a failure (the caller decides).
public struct RedisClient: Sendable {
    private let group: EventLoopGroup

    public init(group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// The replies to `commands`, in order.
    public func run(host: String, port: Int, password: String? = nil, username: String? = nil,
                    commands: [[String]], timeout: Double) async throws(RedisFailure) -> [RESPValue] {
        let limit = ProbeDeadline.amount(timeout)
        let handler = RESPReplyHandler()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(limit)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
        let channel: Channel
        do {
            channel = if let address = try? SocketAddress(ipAddress: host, port: port) {
                try await bootstrap.connect(to: address).get()
            } else {
                try await bootstrap.connect(host: host, port: port).get()
            }
        } catch ChannelError.connectTimeout {
            throw RedisFailure("\(host):\(port) does not answer within \(Format.seconds(timeout))", timedOut: true)
        } catch {
            throw RedisFailure(connectionProblem(error, target: "\(host):\(port)"))
        }
        let deadline = channel.eventLoop.scheduleTask(in: limit) {
            handler.failAll(RedisFailure("\(host):\(port) does not answer within \(Format.seconds(timeout))", timedOut: true),
                            context: nil)
            channel.close(promise: nil)
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        let auth = password.map { password in [username.map { ["AUTH", $0, password] } ?? ["AUTH", password]] } ?? []
        let all = auth + commands
        do {
            // The commands go out at once (pipelined) and their replies are gathered on the channel's
            // loop: the conversation and its deadline never wait for the caller's executor between
            // replies, however busy Swift's shared pool is.
            let loop = channel.eventLoop
            let gathered = loop.flatSubmit { () -> EventLoopFuture<[RESPValue]> in
                let promises = all.map { _ in loop.makePromise(of: RESPValue.self) }
                promises.forEach(handler.expect)
                var bytes = ByteBuffer()
                for command in all { bytes.writeBytes(RESP.command(command)) }
                // A conversation already ended (the deadline, the server) says why through the replies;
                // otherwise the failed write does. A promise completed once ignores the second.
                channel.writeAndFlush(bytes).whenFailure { error in promises.forEach { $0.fail(error) } }
                return EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: loop)
            }
            var replies = try await gathered.get()
            if !auth.isEmpty {
                if case .error(let message) = replies.removeFirst() { throw RedisFailure("AUTH refused by \(host):\(port): \(message)") }
            }
            return replies
        } catch let failure as RedisFailure {
            throw failure
        } catch let error as RESPError {
            throw RedisFailure("\(host):\(port) sent what is not Redis: \(error)")
        } catch {
            throw RedisFailure("\(host):\(port): \(error)")
        }
    }
}

/// Collects bytes until a whole reply has come, and hands each reply to the
/// command waiting for it. Lives on the channel's event loop.
final class RESPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer: [UInt8] = []
    private var waiting: [EventLoopPromise<RESPValue>] = []
    /// Once the conversation failed, a command expected later fails at once
    /// (its promise is never left pending).
    private var failure: Error?
    /// Replies are bounded: a server that sends more is not a health source.
    private static let maxBuffered = RESP.maxBulkBytes + 64 * 1024

    func expect(_ promise: EventLoopPromise<RESPValue>) {
        if let failure {
            promise.fail(failure)
        } else {
            waiting.append(promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
        guard buffer.count <= Self.maxBuffered else {
            failAll(RESPError("a reply longer than \(Self.maxBuffered) bytes"), context: context)
            return
        }
        do {
            while let (value, consumed) = try RESP.parse(buffer[...]) {
                buffer.removeFirst(consumed)
                guard !waiting.isEmpty else {
                    failAll(RESPError("a reply nobody asked for"), context: context)
                    return
                }
                waiting.removeFirst().succeed(value)
            }
        } catch {
            failAll(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisFailure("the server closed the connection"), context: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failAll(error, context: context)
    }

    func failAll(_ error: Error, context: ChannelHandlerContext?) {
        if failure == nil { failure = error }
        let pending = waiting
        waiting = []
        pending.forEach { $0.fail(error) }
        context?.close(promise: nil)
    }
}

extension RedisClient {
    /// `INFO replication`, parsed, after `commands` in the same conversation
    /// (their replies come back too). A refusal of INFO (`-NOAUTH`, `-ERR`) or
    /// a failed conversation is a failure naming the server and what it said.
    public func replicationInfo(at endpoint: ServerAddress, password: String? = nil, timeout: Double,
                                after commands: [[String]] = []) async -> Result<InfoAnswer, RedisFailure> {
        do {
            let replies = try await run(host: endpoint.host, port: endpoint.port, password: password,
                                        commands: commands + [["INFO", "replication"]], timeout: timeout)
            switch replies.last {
            case .error(let message)?: return .failure(RedisFailure("\(endpoint) refused INFO: \(message)"))
            case let reply? where reply.text != nil:
                return .success(InfoAnswer(replies: Array(replies.dropLast()), info: RedisReplicationInfo.parse(reply.text ?? "")))
            default: return .failure(RedisFailure("\(endpoint) answered INFO with something else than text"))
            }
        } catch {
            return .failure(error)
        }
    }

    /// What `replicationInfo` got: the replies to the commands sent first, and the parsed INFO.
    public struct InfoAnswer: Sendable, Equatable {
        public var replies: [RESPValue]
        public var info: RedisReplicationInfo
    }
}
