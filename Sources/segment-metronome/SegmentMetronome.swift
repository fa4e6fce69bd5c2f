import ArgumentParser
import Foundation

/// The `segment-metronome` command: Segment S3 archives in, Metronome usage events out.
struct SegmentMetronome: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "segment-metronome",
        abstract: "Turn Segment S3 archive dumps into Metronome usage events, offline and in bulk.",
        discussion: """
            Reads Segment's archive files (segment-logs/<sourceId>/<day>/<file>.gz, gzip NDJSON) and produces \
            the usage events Segment's "Metronome (Actions)" destination would have sent.

            Exit codes:
              0  done (rejected records are counted and written to the rejects file, not an error)
              1  done, but some input was unreadable, corrupt or truncated (see the summary)
              2  usage or configuration error (nothing was converted or sent)
              3  sync/upload: some events were not delivered after retries (retriable; see the rejects file)
              4  sync/upload: Metronome refused the API token (401/403); the run stopped after one request
              5  convert/sync: another run holds the ledger's lock; this run did nothing
              6  convert/sync/status: the ledger cannot be opened, read or written
              70 sync/upload: delivered + rejected did not add up to the events produced (a bug; please report)
            """,
        version: version,
        subcommands: [
            ConvertCommand.self, SyncCommand.self, UploadCommand.self, CheckCommand.self, BenchCommand.self,
            GenerateCommand.self, ServeMockCommand.self, StatusCommand.self,
        ]
    )
}

@main
enum Entry {
    static func main() {
        // Everything the tool writes holds customer data: private unless `--umask` says otherwise.
        _ = umask(FileModeFlags.defaultMask)
        do {
            var command = try SegmentMetronome.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // Help and --version are "errors" that exit 0; every other parse or validation error is a
            // usage error, which this tool documents as exit code 2.
            if SegmentMetronome.exitCode(for: error) == .success { SegmentMetronome.exit(withError: error) }
            FileHandle.standardError.write(Data((SegmentMetronome.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
