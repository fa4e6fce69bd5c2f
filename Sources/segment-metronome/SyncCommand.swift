import ArgumentParser
import ConversionPipeline
import Foundation
import Logging
import MetronomeEvents
import MetronomeIngest
import SegmentMapping

/// `segment-metronome sync`: archives to Metronome in one pass (the pipeline with the HTTP sink).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Convert Segment archives and send the events straight to Metronome's /v1/ingest.",
        discussion: """
            Examples:
              export METRONOME_BEARER_TOKEN=...
              segment-metronome sync s3-dump/segment-logs --mapping m.json
              segment-metronome sync s3-dump/segment-logs --endpoint http://127.0.0.1:8080 --rate-limit 50000

            The same pipeline as convert, with events batched per input file (in order, up to 100 per request) \
            instead of written to files. Events older than --max-age (default 34d, Metronome's backdating \
            window) are rejected before sending.

            Scheduled runs: a ledger (default segment-metronome.ledger.sqlite, or --ledger PATH; --no-ledger \
            for none) records the files done and the batches Metronome acknowledged, so a later run skips \
            what is done and resumes a killed run where it stopped. --since/--until/--shard pick files; \
            --dry-run shows what a run would do.

            Exit codes: 0 every event delivered or rejected; 1 some input unreadable; 2 usage or configuration \
            error; 3 some events not delivered after retries (retriable, in the rejects file); 4 Metronome refused \
            the token and the run stopped; 5 another run holds the ledger; 6 the ledger cannot be read or \
            written; 70 the counts did not add up (a bug).
            """)

    @Argument(help: "Archive files or directories (walked recursively), or - for standard input.")
    var inputs: [String]

    @Option(name: .long, help: "Mapping file. Default: Segment's Metronome preset.")
    var mapping: String?

    @OptionGroup var upload: UploadFlags

    @Option(name: .long, help: "Rejects file (default: segment-metronome.rejects.ndjson).")
    var rejects: String?

    @Option(name: .long, help: "Write a JSON report of the run to this file.")
    var report: String?

    @Option(name: .long, help: "Worker threads for mapping (default: all cores).")
    var threads: Int?

    @Option(
        name: .customLong("max-line-bytes"),
        help: "Reject lines longer than this many bytes (KiB, MiB and GiB suffixes accepted).")
    var maxLineBytes: String = "8MiB"

    @Option(
        name: .customLong("max-reject-record-bytes"),
        help:
            "Keep at most this many bytes of a rejected record in the rejects file; longer ones are cut and marked (KiB, MiB suffixes accepted)."
    )
    var maxRejectRecordBytes: String = "64KiB"

    @Option(
        name: .long,
        help: "Reference time for the 24-hour future limit and --max-age (RFC 3339 or epoch ms; default: now).")
    var now: String?

    @Option(name: .customLong("max-age"), help: "Reject events older than this before --now.")
    var maxAge: String = "34d"

    @OptionGroup(title: "Scheduled runs") var schedule: ScheduleFlags

    @OptionGroup var observability: ObservabilityFlags

    @Flag(name: .long, help: "Print only errors (no progress line, no summary).")
    var quiet = false

    @Flag(name: .long, help: "Log debugging details.")
    var verbose = false

    @OptionGroup var fileModes: FileModeFlags

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard CommandLineValues.byteCount(maxLineBytes) != nil else {
            throw ValidationError(
                "--max-line-bytes: expected a byte count such as 8388608 or 8MiB, got \(maxLineBytes)")
        }
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
        let client: IngestClient
        let uploadOptions: UploadOptions
        do {
            (client, uploadOptions) = try upload.makeUpload(environment: ProcessInfo.processInfo.environment)
        } catch {
            observability.writeMetrics(report: RunReport(), command: "sync", exitCode: 2, logger: logger)
            throw failure(error.message)
        }
        defer { client.shutdownBlocking() }
        let scheduled = ScheduledRun(
            command: "sync", schedule: schedule, observability: observability, ledgerByDefault: true,
            outputOptions: [], mappingPath: mapping, logger: logger)
        try scheduled.run(
            prepare: { () throws(ConfigurationError) -> ConversionOptions in
                let rules = EventRules(
                    nowMilliseconds: now.flatMap(CommandLineValues.instantMilliseconds)
                        ?? Int64(Date().timeIntervalSince1970 * 1000),
                    maximumAgeMilliseconds: CommandLineValues.durationMilliseconds(maxAge))
                let destination = ConversionOptions.Destination.metronome(uploadOptions)
                var options = ConversionOptions(
                    inputs: inputs, destination: destination, rules: rules,
                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                    rejectsPath: rejects ?? ConversionOptions.defaultRejectsPath(for: destination))
                options.reportPath = report
                options.maximumLineBytes = CommandLineValues.byteCount(maxLineBytes)!
                options.maximumRejectRecordBytes = CommandLineValues.byteCount(maxRejectRecordBytes)!
                options.showProgress = !quiet
                return options
            },
            exitCode: { $0.deliveryExitCode },
            summarize: { result in
                if !quiet || result.deliveryExitCode != 0 {
                    FileHandle.standardError.write(
                        Data(
                            (result.summary(destination: uploadOptions.endpointDescription, verb: "Synced") + "\n")
                                .utf8))
                }
            })
    }

    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }
}
