import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import SegmentArchive

/// The HTTP transport: `POST <endpoint>/v1/ingest` with async-http-client over keep-alive connections.
///
/// Headers: `Authorization: Bearer`, `Content-Type: application/json`, `User-Agent:
/// segment-metronome/<version>`, and `Content-Encoding: gzip` when compressing. Redirects are not
/// followed (the token must not travel to another host). Each request has its own deadline; the
/// connection pool keeps up to `connections` connections to the host.
public final class IngestClient: IngestTransport {
    /// Connection settings.
    public struct Settings: Sendable {
        public var requestTimeoutSeconds: Double = 60
        public var connectTimeoutSeconds: Double = 5
        /// Connections kept to the host; the uploader's `--concurrency`.
        public var connections = 8
        /// Gzip request bodies (`--compress`).
        public var compress = false
        public var userAgent = "segment-metronome"

        public init() {}
    }

    private let http: HTTPClient
    private let url: String
    private let headers: HTTPHeaders
    /// The settings the client was made with.
    public let settings: Settings
    private let token: BearerToken

    public init(endpoint: IngestEndpoint, token: BearerToken, settings: Settings) {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.connections))
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            // The read timeout bounds a response body that stalls: the request deadline ends with the head.
            timeout: .init(
                connect: .milliseconds(Int64(settings.connectTimeoutSeconds * 1000)),
                read: .milliseconds(Int64(settings.requestTimeoutSeconds * 1000))),
            connectionPool: pool)
        configuration.httpVersion = .http1Only
        configuration.tlsConfiguration = Self.tlsConfiguration
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        url = endpoint.ingestURL
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: token.authorizationHeader)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "User-Agent", value: settings.userAgent)
        if settings.compress { headers.add(name: "Content-Encoding", value: "gzip") }
        self.headers = headers
        self.settings = settings
        self.token = token
    }

    /// TLS for every https endpoint, loopback included: the system's trust roots, full certificate and
    /// host name verification, TLS 1.2 or later. No option turns verification off.
    static var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    /// Closes the connections. Call once, after the last `send`.
    public func shutdown() async {
        try? await http.shutdown()
    }

    public func send(_ body: [UInt8]) async -> IngestResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = headers
        var payload = body
        if settings.compress {
            payload = []
            let compressor = GzipCompressor(level: 6)
            body.withUnsafeBytes { bytes in compressor.compress(bytes, finish: true) { payload.append(contentsOf: $0) }
            }
        }
        request.body = .bytes(ByteBuffer(bytes: payload))
        do {
            let response = try await http.execute(
                request, timeout: .milliseconds(Int64(settings.requestTimeoutSeconds * 1000)))
            let pairs = response.headers.map { (name: $0.name, value: $0.value) }
            let text = await Self.readBody(response.body)
            return .answered(
                status: Int(response.status.code), hints: .init(headers: pairs),
                message: token.scrub(Self.message(String(buffer: text))))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timedOut
            default:
                return .connectionFailed(token.scrub(error.shortDescription))
            }
        } catch {
            return .connectionFailed(token.scrub(Self.describe(error)))
        }
    }

    /// The most bytes of a response body kept for the message (the reason is cut to 300 characters anyway).
    static let keptBodyBytes = 64 << 10
    /// The most bytes of a response body read; past this the rest is abandoned and the connection closed.
    static let drainedBodyBytes = 4 << 20

    /// The first `keptBodyBytes` of a response body. Once the status is known it decides, whatever the
    /// body: a longer body is read on and discarded (so the keep-alive connection can be reused) up to
    /// `drainedBodyBytes`, then abandoned; one that breaks off or stalls keeps what had arrived.
    static func readBody<Body: AsyncSequence>(_ body: Body) async -> NIOCore.ByteBuffer
    where Body.Element == NIOCore.ByteBuffer {
        var kept = NIOCore.ByteBuffer()
        var read = 0
        do {
            for try await var chunk in body {
                read += chunk.readableBytes
                let room = keptBodyBytes - kept.readableBytes
                if room > 0, let part = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                    kept.writeImmutableBuffer(part)
                }
                if read >= drainedBodyBytes { break }
            }
        } catch {
            // The status line and headers arrived; what the body did after that does not change them.
        }
        return kept
    }

    /// The `message` of a `{"message": ...}` body, else the body itself (trimmed).
    static func message(_ body: String) -> String {
        if let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let message = object["message"] as? String
        {
            return message
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) : text
    }
}
