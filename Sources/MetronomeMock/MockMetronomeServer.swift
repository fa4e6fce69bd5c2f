import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A local stand-in for Metronome's `POST /v1/ingest`: a SwiftNIO HTTP/1.1 server that checks, dedupes,
/// records and (on request) fails like the real API, for users' pipelines and in-process tests.
///
/// Start it with `start(_:)`, point a client at `baseURL`, inspect `acceptedTransactionIDs` and
/// `statistics` at any time from any thread, and `stop()` it when done (its threads run until then).
public final class MockMetronomeServer: Sendable {
    /// The configuration the server runs with.
    public let configuration: MockMetronomeConfiguration
    /// The TCP port it listens on (the one picked when `configuration.port` is 0).
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let service: MockIngestService
    private let stopped = NIOLockedValueBox(false)

    private init(
        configuration: MockMetronomeConfiguration, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel,
        service: MockIngestService
    ) {
        self.configuration = configuration
        self.port = port
        self.group = group
        self.channel = channel
        self.service = service
    }

    /// Starts a server and returns once it listens. Throws `MockMetronomeError` for a configuration
    /// with `problems` or an unusable record file, and the socket error when it cannot bind.
    public static func start(_ configuration: MockMetronomeConfiguration = .init()) async throws -> MockMetronomeServer
    {
        if let problem = configuration.problems.first { throw MockMetronomeError.invalidConfiguration(problem) }
        let service = try MockIngestService(configuration: configuration)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MockIngestHandler(service: service))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
            let port = channel.localAddress?.port ?? configuration.port
            return MockMetronomeServer(
                configuration: configuration, port: port, group: group, channel: channel, service: service)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://HOST:PORT`, the base URL to give a client (loopback when listening on every address).
    public var baseURL: String {
        let host: String
        switch configuration.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::": host = "[::1]"
        case let name where name.contains(":"): host = "[\(name)]"
        case let name: host = name
        }
        return "http://\(host):\(port)"
    }

    /// The `transaction_id`s accepted so far (including those already in the record file at start).
    public var acceptedTransactionIDs: Set<String> { service.acceptedTransactionIDs }

    /// Counters of requests, answers and events so far.
    public var statistics: MockMetronomeStatistics { service.statistics }

    /// Stops listening, closes every connection and ends the server's threads. Calling it again does
    /// nothing.
    public func stop() async throws {
        let first = stopped.withLockedValue { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        do {
            try await channel.close()
        } catch ChannelError.alreadyClosed {
            // Closed by the event loop already; the group shutdown below still runs.
        }
        try await group.shutdownGracefully()
    }
}
