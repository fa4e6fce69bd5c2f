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
        name: .long,
        help: "Reference time for the 24-hour future limit and --max-age (RFC 3339 or epoch ms; default: now).")
    var now: String?

    @Option(
        name: .customLong("max-age"), help: "Reject events older than this before --now, e.g. 34d (default: no limit).")
    var maxAge: String?

    @Flag(name: .long, help: "Print only errors (no progress line, no summary).")
    var quiet = false

    @Flag(name: .long, help: "Log debugging details.")
    var verbose = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard CommandLineValues.byteCount(maxLineBytes) != nil else {
            throw ValidationError(
                "--max-line-bytes: expected a byte count such as 8388608 or 8MiB, got \(maxLineBytes)")
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
        let logger = Logger.forCommand(quiet: quiet, verbose: verbose)
        let destination: ConversionOptions.Destination = out == "-" ? .standardOutput : .directory(out)
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
        options.showProgress = !quiet
        if let mapping {
            guard let data = FileManager.default.contents(atPath: mapping) else {
                throw failure("cannot read the mapping file \(mapping)")
            }
            do {
                options.mappings = try MappingFile.load(Array(data))
            } catch {
                throw failure("\(mapping) has errors:\n\(error.description)")
            }
        }
        let report: RunReport
        do {
            report = try Conversion(options: options, logger: logger).run()
        } catch {
            throw failure(error.message)
        }
        if !quiet {
            let place = out == "-" ? "standard output" : out
            FileHandle.standardError.write(Data((report.summary(destination: place) + "\n").utf8))
        }
        if report.filesFailed > 0 { throw ExitCode(1) }
    }

    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }
}
