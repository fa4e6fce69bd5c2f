import ArgumentParser
import Foundation
import RunLedger

/// `segment-metronome status`: what a ledger says — files by status, events, the oldest file not done,
/// the last runs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what a ledger of scheduled runs says: files done, pending and failed, events, last runs.",
        discussion: """
            Examples:
              segment-metronome status
              segment-metronome status --ledger /var/lib/segment-metronome/ledger.sqlite --json

            Reads the ledger while a run may be writing it (SQLite WAL: readers never wait). Exit codes: 0 \\
            shown; 2 usage error; 6 the ledger does not exist or cannot be read.
            """)

    @Option(name: .long, help: ArgumentHelp("The ledger to read.", valueName: "path"))
    var ledger: String = "segment-metronome.ledger.sqlite"

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Option(name: .long, help: "How many recent runs to show.")
    var runs: Int = 10

    func run() throws {
        guard FileManager.default.fileExists(atPath: ledger) else {
            FileHandle.standardError.write(Data("error: there is no ledger at \(ledger)\n".utf8))
            throw ExitCode(6)
        }
        let status: LedgerStatus
        do {
            status = try Ledger(path: ledger).status(lastRuns: max(0, runs))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(6)
        }
        print(json ? Self.json(status, path: ledger) : Self.text(status, path: ledger))
    }

    static func text(_ status: LedgerStatus, path: String) -> String {
        var lines = ["Ledger \(path) (schema \(status.schema.last ?? "none"))"]
        let files = status.files
        lines.append(
            "Files: \(files[.done] ?? 0) done, \(files[.pending] ?? 0) pending, \(files[.inProgress] ?? 0) in progress, \(files[.failed] ?? 0) failed"
        )
        lines.append(
            "Events: \(status.eventsDelivered) delivered, \(status.eventsRejected) rejected, \(status.eventsNotDelivered) not delivered (retriable)"
        )
        if let oldest = status.oldestPendingFile {
            let modified = status.oldestPendingModified.map { " (modified \(Self.iso($0)))" } ?? ""
            lines.append("Oldest file not done: \(oldest)\(modified)")
        } else {
            lines.append("Oldest file not done: none")
        }
        lines.append(status.lastRuns.isEmpty ? "No runs yet." : "Last runs (newest first):")
        for run in status.lastRuns {
            let shard = run.shard.map { " shard \($0)" } ?? ""
            let outcome =
                run.outcome.map { "\($0) (exit \(run.exitCode ?? -1))" } ?? "did not finish (killed, or still running)"
            lines.append(
                "  #\(run.id) \(run.command)\(shard) \(run.startedAt) -> \(run.endedAt ?? "?"): \(outcome); \(run.counts.filesDone) files done, \(run.counts.filesFailed) failed, \(run.counts.eventsDelivered) events delivered, \(run.counts.eventsRejected) rejected, \(run.counts.eventsNotDelivered) not delivered"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ status: LedgerStatus, path: String) -> String {
        var files: [String: Int] = [:]
        for (key, value) in status.files { files[key.rawValue] = value }
        let runs: [[String: Any]] = status.lastRuns.map { run in
            [
                "id": run.id, "command": run.command, "shard": run.shard ?? NSNull(), "started_at": run.startedAt,
                "ended_at": run.endedAt ?? NSNull(), "outcome": run.outcome ?? NSNull(),
                "exit_code": run.exitCode ?? NSNull(), "files_done": run.counts.filesDone,
                "files_failed": run.counts.filesFailed, "events_delivered": run.counts.eventsDelivered,
                "events_rejected": run.counts.eventsRejected, "events_not_delivered": run.counts.eventsNotDelivered,
            ]
        }
        let object: [String: Any] = [
            "ledger": path, "schema": status.schema, "files": files,
            "events": [
                "delivered": status.eventsDelivered, "rejected": status.eventsRejected,
                "not_delivered": status.eventsNotDelivered,
            ],
            "oldest_pending_file": status.oldestPendingFile ?? NSNull(),
            "oldest_pending_modified": status.oldestPendingModified.map(Self.iso) ?? NSNull(),
            "last_runs": runs,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
