import ArgumentParser
import ConversionPipeline
import Foundation
import MetronomeIngest

/// The flags `upload` and `sync` share: where to send, with which token, and how hard to push.
struct UploadFlags: ParsableArguments {
    @Option(
        name: .long,
        help: "Metronome API base URL (default: $METRONOME_BASE_URL, else https://api.metronome.com).")
    var endpoint: String?

    @Option(
        name: .customLong("token-file"),
        help: "Read the API token from this file (default: the METRONOME_BEARER_TOKEN environment variable).")
    var tokenFile: String?

    @Flag(name: .customLong("allow-insecure-http"), help: "Allow a plain http:// endpoint that is not loopback.")
    var allowInsecureHTTP = false

    @Option(name: .customLong("batch-size"), help: "Events per request, 1 to 100.")
    var batchSize = 100

    @Option(name: .long, help: "Requests in flight at once.")
    var concurrency = 8

    @Option(name: .customLong("rate-limit"), help: "At most this many events per second (default: no limit).")
    var rateLimit: Double?

    @Option(name: .customLong("max-retries"), help: "Retries of a retriable failure (429, 5xx, timeouts...).")
    var maxRetries = 8

    @Option(
        name: .customLong("max-retry-delay"),
        help: "Longest wait honoured from a server's Retry-After, in seconds.")
    var maxRetryDelay: Double = 60

    @Option(name: .long, help: "Per-request timeout in seconds.")
    var timeout: Double = 60

    @Option(name: .customLong("connect-timeout"), help: "Connection timeout in seconds.")
    var connectTimeout: Double = 5

    @Flag(
        name: .long,
        help: "Gzip request bodies (off by default: Metronome's current docs no longer confirm gzip support).")
    var compress = false

    func validate() throws {
        guard (1...100).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if let rateLimit, !(rateLimit > 0) { throw ValidationError("--rate-limit must be a positive number") }
        guard maxRetries >= 0 else { throw ValidationError("--max-retries must be 0 or more") }
        guard maxRetryDelay >= 0, timeout > 0, connectTimeout > 0 else {
            throw ValidationError("--max-retry-delay, --timeout and --connect-timeout must be positive")
        }
    }

    /// The HTTP client and the upload options; throws a message for exit code 2.
    func makeUpload(environment: [String: String]) throws(IngestConfigurationError) -> (IngestClient, UploadOptions) {
        let endpoint = try IngestEndpoint.resolve(
            endpoint: self.endpoint, environment: environment, allowInsecureHTTP: allowInsecureHTTP)
        let token: BearerToken
        if let tokenFile {
            token = try BearerToken.read(file: tokenFile)
        } else if let read = environment["METRONOME_BEARER_TOKEN"].flatMap(BearerToken.init) {
            token = read
        } else {
            throw IngestConfigurationError(
                "no API token: set METRONOME_BEARER_TOKEN (as Metronome's SDKs read it) or pass --token-file")
        }
        var settings = IngestClient.Settings()
        settings.requestTimeoutSeconds = timeout
        settings.connectTimeoutSeconds = connectTimeout
        settings.connections = concurrency
        settings.compress = compress
        settings.userAgent = "segment-metronome/\(SegmentMetronome.version)"
        let client = IngestClient(endpoint: endpoint, token: token, settings: settings)
        var options = UploadOptions(transport: client, endpointDescription: endpoint.baseURL)
        options.batchSize = batchSize
        options.uploader.concurrency = concurrency
        options.uploader.eventsPerSecond = rateLimit
        options.uploader.retryPolicy = RetryPolicy(maximumRetries: maxRetries, maximumDelaySeconds: maxRetryDelay)
        return (client, options)
    }
}

extension IngestClient {
    /// Closes the connections from synchronous code (the commands' `run`).
    func shutdownBlocking() {
        let done = DispatchSemaphore(value: 0)
        Task {
            await self.shutdown()
            done.signal()
        }
        done.wait()
    }
}

extension RunReport {
    /// The exit code of an `upload` or `sync` run (documented in the README and `--help`).
    var deliveryExitCode: Int32 {
        if accountingError { return 70 }
        if delivery?.stopReason != nil { return 4 }
        if (delivery?.eventsNotDelivered ?? 0) > 0 { return 3 }
        if filesFailed > 0 { return 1 }
        return 0
    }
}
