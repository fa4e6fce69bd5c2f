import NIOCore
import NIOHTTP1

/// The per-connection SwiftNIO handler: gathers one request's body (at most `maximumBodyBytes`; a
/// larger one is discarded as it arrives and answered 413), hands the request to `MockIngestService`
/// and writes its answer, now or after a delay, or closes the connection for a dropped request.
/// Keep-alive and pipelining come from NIO's HTTP server pipeline in front of it.
final class MockIngestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: MockIngestService
    private let maximumBodyBytes: Int
    private var head: HTTPRequestHead?
    /// The body so far; kept between requests on the connection so that its storage is reused.
    private var body: ByteBuffer?
    private var oversized = false

    /// Buffers above this capacity are released after their request instead of being kept for the next.
    private static let retainedCapacity = 1 << 20

    init(service: MockIngestService) {
        self.service = service
        self.maximumBodyBytes = service.configuration.maximumBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body?.clear()
            let declared = requestHead.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
            oversized = declared > maximumBodyBytes
            if !oversized && declared > (body?.capacity ?? 0) {
                body = context.channel.allocator.buffer(capacity: declared)
            }
            // curl and others wait for this before sending a large body.
            if requestHead.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: requestHead.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var part):
            guard !oversized else { return }
            let size = (body?.readableBytes ?? 0) + part.readableBytes
            if size > maximumBodyBytes {
                oversized = true
                body = nil
            } else if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let action: MockAction
            let headers = head.headers
            if oversized {
                action = service.refuseOversizedBody(
                    userAgent: headers.first(name: "user-agent"),
                    contentEncoding: headers.first(name: "content-encoding"))
            } else {
                let emptyBody = ByteBuffer()
                action = (body ?? emptyBody).withUnsafeReadableBytes { bytes in
                    service.handle(
                        MockIngestRequest(
                            method: head.method.rawValue, uri: head.uri,
                            authorization: headers.first(name: "authorization"),
                            contentEncoding: headers.first(name: "content-encoding"),
                            userAgent: headers.first(name: "user-agent"), body: bytes))
                }
            }
            if let capacity = body?.capacity, capacity > Self.retainedCapacity { body = nil }
            let keepAlive = head.isKeepAlive && !oversized
            switch action {
            case .drop:
                context.close(promise: nil)
            case .respond(let response, let delay) where delay > 0:
                let loop = context.eventLoop.assumeIsolated()
                loop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) {
                    self.write(response, version: head.version, keepAlive: keepAlive, context: context)
                }
            case .respond(let response, _):
                write(response, version: head.version, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(_ response: MockResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext)
    {
        var headers = HTTPHeaders()
        headers.reserveCapacity(4 + response.headers.count)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(response.body.count))
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
