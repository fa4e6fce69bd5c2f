import ArgumentParser
import ConversionPipeline
import Dispatch
import Foundation
import MetronomeMock

/// `segment-metronome serve-mock`: a local Metronome `/v1/ingest` to test pipelines against.
struct ServeMockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-mock",
        abstract: "Run a local stand-in for Metronome's ingest API, with optional fault injection.",
        discussion: """
            Examples:
              segment-metronome serve-mock --port 8080 --record /tmp/accepted.ndjson
              segment-metronome serve-mock --port 0 --token t --fail-rate 0.2
              segment-metronome serve-mock --no-validate     # a 200 sink for benchmarks

            Answers POST /v1/ingest as Metronome does: bearer auth (401 without a token, 403 with a wrong \
            one), a JSON array of 1 to 100 events, each checked like the uploader does (required fields, \
            transaction_id 1..128 characters, RFC 3339 timestamp at most 24 h after --now and at most \
            --max-age before it); one bad event refuses the whole request with 400. Unlike Metronome, a \
            transaction_id repeated within one request is also a 400. Accepted events are deduplicated by \
            transaction_id and appended to --record. Faults apply only to requests that would succeed. \
            Prints the address on standard error, runs until interrupted (Ctrl-C or SIGTERM), then prints \
            what it saw.
            """)

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one; the address is printed).")
    var port = 8080

    @Option(
        name: .long,
        help: "Bearer token to require (default: METRONOME_BEARER_TOKEN if set, else any token is accepted).")
    var token: String?

    @Option(name: .long, help: "Append every accepted event to this NDJSON file (its IDs count as accepted).")
    var record: String?

    @Option(
        name: .long, help: "Reference time for the 24-hour and --max-age limits (RFC 3339 or epoch ms; default: now).")
    var now: String?

    @Option(name: .customLong("max-age"), help: "Refuse events older than this before --now.")
    var maxAge = "34d"

    @Flag(name: .customLong("no-validate"), help: "Answer every authenticated request 200 without reading it.")
    var noValidate = false

    @Option(name: .customLong("fail-rate"), help: "Share of valid requests answered 500 without ingesting.")
    var failRate = 0.0

    @Option(
        name: .customLong("fail-after-partial-rate"),
        help: "Share of valid requests that ingest a random prefix of their events, then answer 500.")
    var failAfterPartialRate = 0.0

    @Option(name: .customLong("throttle-rate"), help: "Share of valid requests answered 429.")
    var throttleRate = 0.0

    @Option(name: .customLong("retry-after"), help: "Retry-After of a 429, in seconds (fractions allowed).")
    var retryAfter = 1.0

    @Option(name: .customLong("drop-rate"), help: "Share of valid requests whose connection is closed unanswered.")
    var dropRate = 0.0

    @Option(name: .customLong("slow-rate"), help: "Share of valid requests answered only after --slow-delay.")
    var slowRate = 0.0

    @Option(name: .customLong("slow-delay"), help: "Delay of a slow answer, in seconds.")
    var slowDelay = 2.0

    @Option(name: .long, help: "Seed of the fault draws.")
    var seed: UInt64 = 0

    @OptionGroup var fileModes: FileModeFlags

    func validate() throws {
        if let now, CommandLineValues.instantMilliseconds(now) == nil {
            throw ValidationError(
                "--now: expected an RFC 3339 time such as 2024-03-01T00:00:00Z or epoch milliseconds, got \(now)")
        }
        if CommandLineValues.durationMilliseconds(maxAge) == nil {
            throw ValidationError("--max-age: expected a duration such as 34d, 12h or 30m, got \(maxAge)")
        }
        let rates = [
            ("--fail-rate", failRate), ("--fail-after-partial-rate", failAfterPartialRate),
            ("--throttle-rate", throttleRate), ("--drop-rate", dropRate), ("--slow-rate", slowRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            throw ValidationError("\(name): expected a probability between 0 and 1, got \(rate)")
        }
        if !(0...86_400).contains(retryAfter) {
            throw ValidationError("--retry-after: expected seconds between 0 and 86400, got \(retryAfter)")
        }
        if !(0...86_400).contains(slowDelay) {
            throw ValidationError("--slow-delay: expected seconds between 0 and 86400, got \(slowDelay)")
        }
        if !(0...65_535).contains(port) { throw ValidationError("--port: expected 0 to 65535, got \(port)") }
        if token?.isEmpty == true { throw ValidationError("--token must not be empty") }
    }

    /// The server configuration the options describe (the token from the environment when not given).
    func serverConfiguration(environment: [String: String]) -> MockMetronomeConfiguration {
        let environmentToken = environment["METRONOME_BEARER_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return MockMetronomeConfiguration(
            host: host, port: port, token: token ?? environmentToken, recordPath: record,
            nowMilliseconds: now.flatMap(CommandLineValues.instantMilliseconds),
            maximumAgeMilliseconds: CommandLineValues.durationMilliseconds(maxAge)!,
            validate: !noValidate,
            faults: MockFaults(
                dropRate: dropRate, failRate: failRate, failAfterPartialRate: failAfterPartialRate,
                throttleRate: throttleRate, retryAfterSeconds: retryAfter, slowRate: slowRate,
                slowDelaySeconds: slowDelay),
            seed: seed)
    }

    func run() throws {
        fileModes.apply()
        // Block SIGINT and SIGTERM before any thread starts, so that every thread (the server's
        // included) inherits the mask and the signal waits for `sigwait` below instead of reaching a
        // thread that would ignore it.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let configuration = serverConfiguration(environment: ProcessInfo.processInfo.environment)
        let server: MockMetronomeServer
        switch Self.blocking({ try await MockMetronomeServer.start(configuration) }) {
        case .success(let started): server = started
        case .failure(let error):
            Self.printError("error: serve-mock could not start on \(host):\(port): \(error)")
            throw ExitCode(2)
        }
        let tokenNote: String
        if configuration.token == nil {
            tokenNote = "any bearer token accepted"
        } else {
            tokenNote =
                token != nil
                ? "bearer token from --token required" : "bearer token from METRONOME_BEARER_TOKEN required"
        }
        Self.printError(
            "serve-mock: listening on \(server.baseURL) (POST /v1/ingest; \(tokenNote)"
                + (configuration.validate ? "" : "; validation off") + ")")

        var received: Int32 = 0
        while sigwait(&stopSignals, &received) != 0 {}
        if case .failure(let error) = Self.blocking({ try await server.stop() }) {
            Self.printError("warning: serve-mock did not stop cleanly: \(error)")
        }
        Self.printError("serve-mock: stopped; \(server.statistics.summary)")
    }

    /// Runs `operation` on the concurrency pool and waits for it (the command line's `run` is synchronous).
    static func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let box = ResultBox<T>()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                box.result = .success(try await operation())
            } catch {
                box.result = .failure(error)
            }
            finished.signal()
        }
        finished.wait()
        return box.result!
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Carries a result from a task to the thread waiting for it (the semaphore orders the accesses).
    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
