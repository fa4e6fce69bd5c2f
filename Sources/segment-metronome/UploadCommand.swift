import ArgumentParser
import ConversionPipeline
import Foundation
import Logging
import MetronomeEvents
import MetronomeIngest

/// `segment-metronome upload`: NDJSON files of Metronome events to `POST /v1/ingest`.
struct UploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Send NDJSON files of Metronome events (what convert writes) to Metronome's /v1/ingest.",
        discussion: """
            Examples:
              export METRONOME_BEARER_TOKEN=...
              segment-metronome upload /tmp/metronome-events
              segment-metronome upload events.ndjson.gz --endpoint http://127.0.0.1:8080 --report upload.json

            Every event is checked first (required fields, transaction_id of 1 to 128 characters, an RFC 3339 \
            timestamp at most 24 hours ahead of --now and not older than --max-age); failures go to the rejects \
            file. Batches of up to 100 events are sent --concurrency at a time and retried like Metronome's SDKs \
            (408, 409, 429, 5xx, timeouts); a 400 is split in halves until the bad events are found.

            Exit codes: 0 every event delivered or rejected; 1 some input unreadable; 2 usage or configuration \
            error; 3 some events not delivered after retries (retriable, in the rejects file); 4 Metronome refused \
            the token and the run stopped; 70 the counts did not add up (a bug).
            """)

    @Argument(help: "NDJSON files (gzip or not) or directories of them, or - for standard input.")
    var inputs: [String]

    @OptionGroup var upload: UploadFlags

    @Option(name: .long, help: "Rejects file (default: segment-metronome.rejects.ndjson).")
    var rejects: String?

    @Option(name: .long, help: "Write a JSON report of the run to this file.")
    var report: String?

    @Option(
        name: .long,
        help: "Reference time for the 24-hour future limit and --max-age (RFC 3339 or epoch ms; default: now).")
    var now: String?

    @Option(
        name: .customLong("max-age"),
        help: "Reject events older than this before --now (Metronome's backdating window).")
    var maxAge: String = "34d"

    @Option(
        name: .customLong("max-reject-record-bytes"),
        help:
            "Keep at most this many bytes of a rejected record in the rejects file; longer ones are cut and marked (KiB, MiB suffixes accepted)."
    )
    var maxRejectRecordBytes: String = "64KiB"

    @OptionGroup var observability: ObservabilityFlags

    @Flag(name: .long, help: "Print only errors (no summary).")
    var quiet = false

    @Flag(name: .long, help: "Log debugging details.")
    var verbose = false

    @OptionGroup var fileModes: FileModeFlags

    func validate() throws {
        guard CommandLineValues.byteCount(maxRejectRecordBytes) != nil else {
            throw ValidationError(
                "--max-reject-record-bytes: expected a byte count such as 65536 or 64KiB, got \(maxRejectRecordBytes)")
        }
        if let now, CommandLineValues.instantMilliseconds(now) == nil {
            throw ValidationError(
                "--now: expected an RFC 3339 time such as 2024-03-01T00:00:00Z or epoch milliseconds, got \(now)")
        }
        if CommandLineValues.durationMilliseconds(maxAge) == nil {
            throw ValidationError("--max-age: expected a duration such as 34d, 12h or 30m, got \(maxAge)")
        }
    }

    func run() throws {
        fileModes.apply()
        let logger = Logger.forCommand(quiet: quiet, verbose: verbose, format: observability.logFormat)
        let (client, uploadOptions): (IngestClient, UploadOptions)
        do {
            (client, uploadOptions) = try upload.makeUpload(environment: ProcessInfo.processInfo.environment)
        } catch {
            observability.writeMetrics(report: RunReport(), command: "upload", exitCode: 2, logger: logger)
            throw failure(error.message)
        }
        defer { client.shutdownBlocking() }
        let rules = EventRules(
            nowMilliseconds: now.flatMap(CommandLineValues.instantMilliseconds)
                ?? Int64(Date().timeIntervalSince1970 * 1000),
            maximumAgeMilliseconds: CommandLineValues.durationMilliseconds(maxAge))
        var options = Upload.Options(
            inputs: inputs, upload: uploadOptions, rules: rules,
            rejectsPath: rejects ?? "segment-metronome.rejects.ndjson")
        options.reportPath = report
        options.maximumRejectRecordBytes = CommandLineValues.byteCount(maxRejectRecordBytes)!
        let result: RunReport
        do {
            result = try Upload(options: options, logger: logger).run()
        } catch {
            observability.writeMetrics(report: RunReport(), command: "upload", exitCode: 2, logger: logger)
            throw failure(error.message)
        }
        if !quiet || result.deliveryExitCode != 0 {
            FileHandle.standardError.write(
                Data((result.summary(destination: uploadOptions.endpointDescription, verb: "Uploaded") + "\n").utf8))
        }
        observability.writeMetrics(
            report: result, command: "upload", exitCode: result.deliveryExitCode, logger: logger)
        if result.deliveryExitCode != 0 { throw ExitCode(result.deliveryExitCode) }
    }

    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }
}
