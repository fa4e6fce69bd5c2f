import ArgumentParser
import ConversionPipeline
import Foundation
import Logging
import MetronomeEvents
import SegmentMapping

/// `segment-metronome convert`: archives to NDJSON files of Metronome events.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert Segment archive files into ingest-ready Metronome NDJSON.",
        discussion: """
            Examples:
              segment-metronome convert s3-dump/segment-logs --out events/
              segment-metronome convert s3-dump/segment-logs --mapping mappings.json --out events/ --gzip
              zcat day.gz | segment-metronome convert - --out - > events.ndjson

            Each input file becomes one NDJSON file under --out, mirroring its path (x.gz -> x.ndjson). \
            Rejected records go to --rejects (default: <out>.rejects.ndjson, beside the output directory).

            With --ledger PATH, files already converted (same content, mapping and options) are skipped and \
            an interrupted run starts again with the files it did not finish; rejects are then added to the \
            rejects file instead of replacing it.

            Exit codes: 0 done; 1 some input unreadable; 2 usage or configuration error; 5 another run holds \
            the ledger; 6 the ledger cannot be read or written.
            """)

    @Argument(help: "Archive files or directories (walked recursively), or - for standard input.")
    var inputs: [String]

    @Option(name: .long, help: "Output directory, or - to write every event to standard output.")
    var out: String

    @Option(name: .long, help: "Mapping file ({\"mappings\": [...]}). Default: Segment's Metronome preset.")
    var mapping: String?

    @Flag(name: .long, help: "Write .ndjson.gz files.")
    var gzip = false

    @Option(name: .long, help: "Rejects file (default: <out>.rejects.ndjson).")
    var rejects: String?

    @Option(name: .long, help: "Write a JSON report of the run to this file.")
    var report: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
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

    @Option(
        name: .customLong("max-age"), help: "Reject events older than this before --now, e.g. 34d (default: no limit).")
    var maxAge: String?

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
        if let maxAge, CommandLineValues.durationMilliseconds(maxAge) == nil {
            throw ValidationError("--max-age: expected a duration such as 34d, 12h or 30m, got \(maxAge)")
        }
    }

    func run() throws {
        fileModes.apply()
        let logger = Logger.forCommand(quiet: quiet, verbose: verbose, format: observability.logFormat)
        let destination: ConversionOptions.Destination = out == "-" ? .standardOutput : .directory(out)
        let scheduled = ScheduledRun(
            command: "convert", schedule: schedule, observability: observability, ledgerByDefault: false,
            outputOptions: [
                out == "-" ? "-" : URL(fileURLWithPath: out).standardizedFileURL.path, gzip ? "gzip" : "plain",
            ], mappingPath: mapping, logger: logger)
        try scheduled.run(
            prepare: { () throws(ConfigurationError) -> ConversionOptions in
                let nowMilliseconds =
                    now.flatMap(CommandLineValues.instantMilliseconds)
                    ?? Int64(Date().timeIntervalSince1970 * 1000)
                let rules = EventRules(
                    nowMilliseconds: nowMilliseconds,
                    maximumAgeMilliseconds: maxAge.flatMap(CommandLineValues.durationMilliseconds))
                var options = ConversionOptions(
                    inputs: inputs, destination: destination, rules: rules,
                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                    rejectsPath: rejects ?? ConversionOptions.defaultRejectsPath(for: destination))
                options.gzip = gzip
                options.reportPath = report
                options.maximumLineBytes = CommandLineValues.byteCount(maxLineBytes)!
                options.maximumRejectRecordBytes = CommandLineValues.byteCount(maxRejectRecordBytes)!
                options.showProgress = !quiet
                return options
            },
            exitCode: { $0.filesFailed > 0 ? 1 : 0 },
            summarize: { report in
                if !quiet {
                    let place = out == "-" ? "standard output" : out
                    FileHandle.standardError.write(Data((report.summary(destination: place) + "\n").utf8))
                }
            })
    }

    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }
}
