import ArgumentParser
import ConversionPipeline
import Foundation
import MetronomeEvents
import SegmentArchive
import SegmentMapping

/// `segment-metronome check`: validate a mapping file and try it on sample events.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a mapping file and show what it does to sample events.",
        discussion: """
            Examples:
              segment-metronome check --mapping mappings.json
              segment-metronome check --mapping mappings.json sample.ndjson
              head -n 20 day.ndjson | segment-metronome check --mapping mappings.json -

            Every problem in the file is reported at once, with its place. With sample events (NDJSON or \
            gzip, or - for standard input), prints for each event which mappings matched and the Metronome \
            event produced or the reasons it was rejected: the offline twin of Segment's "test mapping" \
            screen. Exit code 0 when the file is valid, 2 when it is not.
            """)

    @Option(name: .long, help: "The mapping file to check.")
    var mapping: String

    @Argument(help: "Sample events: a file (NDJSON or gzip) or - for standard input.")
    var events: String?

    @Flag(name: .long, help: "Print one JSON object per event instead of text.")
    var json = false

    @Option(name: .long, help: "Reference time for the 24-hour future limit and --max-age (default: now).")
    var now: String?

    @Option(name: .customLong("max-age"), help: "Reject events older than this before --now, e.g. 34d.")
    var maxAge: String?

    func validate() throws {
        if let now, CommandLineValues.instantMilliseconds(now) == nil {
            throw ValidationError("--now: expected an RFC 3339 time or epoch milliseconds, got \(now)")
        }
        if let maxAge, CommandLineValues.durationMilliseconds(maxAge) == nil {
            throw ValidationError("--max-age: expected a duration such as 34d, got \(maxAge)")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: mapping) else {
            FileHandle.standardError.write(Data("error: cannot read the mapping file \(mapping)\n".utf8))
            throw ExitCode(2)
        }
        let mappings: [CompiledMapping]
        do {
            mappings = try MappingFile.load(Array(data))
        } catch {
            let count = error.errors.count
            print("\(mapping): \(count) problem\(count == 1 ? "" : "s")")
            for problem in error.errors {
                print("  " + problem.description.replacingOccurrences(of: "\n", with: "\n  "))
            }
            throw ExitCode(2)
        }
        let enabled = mappings.filter(\.enabled).count
        if !json {
            print("\(mapping): valid, \(mappings.count) mapping\(mappings.count == 1 ? "" : "s") (\(enabled) enabled)")
            for (index, entry) in mappings.enumerated() {
                print("  [\(index)] \(entry.name) (\(entry.enabled ? "enabled" : "disabled")): \(entry.subscription)")
            }
        }
        guard let events else { return }
        let nowMilliseconds =
            now.flatMap(CommandLineValues.instantMilliseconds) ?? Int64(Date().timeIntervalSince1970 * 1000)
        let checker = MappingCheck(
            mappings: mappings,
            rules: EventRules(
                nowMilliseconds: nowMilliseconds,
                maximumAgeMilliseconds: maxAge.flatMap(CommandLineValues.durationMilliseconds)))
        var lineNumber = 0
        var pending: [UInt8] = []
        let json = self.json
        func report(_ line: [UInt8]) {
            lineNumber += 1
            let result = checker.check(line)
            let text =
                json ? MappingCheck.json(line: lineNumber, result) : MappingCheck.describe(line: lineNumber, result)
            if let text {
                if !json && lineNumber > 1 { print("") }
                print(text)
            }
        }
        if !json { print("") }
        let result = ArchiveReader(maximumLineBytes: 8 << 20).read(ArchiveFile(path: events, relativePath: events)) {
            item in
            switch item {
            case .lines(let chunk):
                pending.append(contentsOf: chunk.buffer.bytes)
                while let end = pending.firstIndex(of: 0x0A) {
                    report(Array(pending[..<end]))
                    pending.removeSubrange(...end)
                }
            case .overlongLine(_, let length), .damagedTail(_, let length):
                lineNumber += 1
                print("line \(lineNumber): rejected: the line (\(length) bytes) could not be read whole")
            }
        }
        if !pending.isEmpty { report(pending) }
        if let failure = result.failure {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
