import ArgumentParser
import ConversionPipeline
import Foundation

/// `segment-metronome generate`: realistic, deterministic Segment archives for tests and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic, deterministic Segment archives in the S3 layout.",
        discussion: """
            Examples:
              segment-metronome generate --out /tmp/corpus --events 1000000 --files 8
              segment-metronome generate --out /tmp/demo --events 1000 --seed 7

            The same --events, --files and --seed always produce byte-identical files.
            """)

    @Option(name: .long, help: "Directory to write segment-logs/<sourceId>/<day>/<file>.gz under.")
    var out: String

    @Option(name: .long, help: "Number of events (lines).")
    var events: Int

    @Option(name: .long, help: "Number of gzip files.")
    var files: Int = 1

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(name: .customLong("compression-level"), help: "gzip level 1-9.")
    var compressionLevel: Int32 = 6

    @OptionGroup var fileModes: FileModeFlags

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must not be negative") }
        guard files >= 1 else { throw ValidationError("--files must be at least 1") }
        guard (1...9).contains(compressionLevel) else { throw ValidationError("--compression-level must be 1-9") }
    }

    func run() throws {
        fileModes.apply()
        do {
            let written = try CorpusWriter.write(
                directory: out, events: events, files: files, seed: seed, compressionLevel: compressionLevel)
            FileHandle.standardError.write(Data("Wrote \(events) events in \(written.count) files under \(out)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
