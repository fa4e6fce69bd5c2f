import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 server on loopback for `IngestClient`'s tests: each request is answered with
/// what `reply` returns for its index (0, 1, ...), or never when it returns nil. Records the request
/// heads. Stop it with `stop()`.
final class TinyHTTPServer: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let log: RequestLog

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, log: RequestLog) {
        self.port = port
        self.group = group
        self.channel = channel
        self.log = log
    }

    static func start(reply: @escaping @Sendable (_ request: Int) -> Reply?) async throws -> TinyHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = RequestLog()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(log: log, reply: reply))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        return TinyHTTPServer(port: channel.localAddress?.port ?? 0, group: group, channel: channel, log: log)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The heads of the requests received so far, in arrival order.
    var requests: [HTTPRequestHead] { log.heads }

    func stop() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    private final class RequestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var received: [HTTPRequestHead] = []
        var heads: [HTTPRequestHead] { lock.withLock { received } }
        func append(_ head: HTTPRequestHead) -> Int {
            lock.withLock {
                received.append(head)
                return received.count - 1
            }
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let log: RequestLog
        private let reply: @Sendable (Int) -> Reply?
        private var head: HTTPRequestHead?

        init(log: RequestLog, reply: @escaping @Sendable (Int) -> Reply?) {
            self.log = log
            self.reply = reply
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let received): head = received
            case .body: break
            case .end:
                guard let head else { return }
                self.head = nil
                guard let answer = reply(log.append(head)) else { return }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: String(answer.body.count))
                for (name, value) in answer.headers { headers.add(name: name, value: value) }
                let status = HTTPResponseStatus(statusCode: answer.status)
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

/// Runs `body` on the concurrency pool and waits for it from a plain thread (the test's), for tests that
/// also drive `BatchUploader`, whose `submit` must not be called from a task.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries `blocking`'s result from the task to the waiting thread (the semaphore orders the accesses).
final class BlockingResult<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
