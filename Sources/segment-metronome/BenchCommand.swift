import ArgumentParser
import ConversionPipeline
import Foundation
import SegmentArchive
import SegmentMapping

/// `segment-metronome bench`: what a mapping costs, stage by stage.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a mapping's throughput per stage (inflate, parse, trigger and map, write).",
        discussion: """
            Examples:
              segment-metronome bench                                  # the preset on 200,000 generated events
              segment-metronome bench --mapping mappings.json --events 500000
              segment-metronome bench --mapping mappings.json s3-dump/segment-logs/src/1709251200000

            Input is held in memory (given files are read up to --max-bytes of compressed data), so the \
            numbers show the stages themselves, not the disk. Compare two mapping files to see what a \
            mapping costs before a big run.
            """)

    @Option(name: .long, help: "Mapping file (default: Segment's Metronome preset).")
    var mapping: String?

    @Option(name: .long, help: "Generated events to measure on when no input is given.")
    var events: Int = 200_000

    @Argument(help: "Archive files or directories to measure on instead of generated events.")
    var inputs: [String] = []

    @Option(name: .long, help: "Threads for the trigger+map stage (default: all cores).")
    var threads: Int?

    @Option(name: .customLong("max-bytes"), help: "Read at most this many bytes of given input (default 512MiB).")
    var maxBytes: String = "512MiB"

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard CommandLineValues.byteCount(maxBytes) != nil else {
            throw ValidationError("--max-bytes: expected a byte count")
        }
    }

    func run() throws {
        var mappings = [CompiledMapping.segmentPreset]
        if let mapping {
            guard let data = FileManager.default.contents(atPath: mapping) else {
                FileHandle.standardError.write(Data("error: cannot read the mapping file \(mapping)\n".utf8))
                throw ExitCode(2)
            }
            do {
                mappings = try MappingFile.load(Array(data))
            } catch {
                FileHandle.standardError.write(Data("error: \(mapping) has errors:\n\(error.description)\n".utf8))
                throw ExitCode(2)
            }
        }
        var archives: [[UInt8]] = []
        if inputs.isEmpty {
            FileHandle.standardError.write(Data("generating \(events) events...\n".utf8))
            archives = [MappingBenchmark.generatedArchive(events: events)]
        } else {
            let limit = CommandLineValues.byteCount(maxBytes)!
            var total = 0
            do {
                for file in try InputDiscovery.discover(inputs).files where total < limit {
                    guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                    archives.append(Array(data))
                    total += data.count
                }
            } catch {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(2)
            }
        }
        let benchmark = MappingBenchmark(
            archives: archives, mappings: mappings, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let result = try benchmark.run()
        print("mapping: \(mapping ?? "the Segment preset") (\(mappings.filter(\.enabled).count) enabled)")
        print(MappingBenchmark.describe(result))
    }
}
