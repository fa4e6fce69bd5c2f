import ArgumentParser
import ConversionPipeline
import Foundation
import RunLedger

/// The flags for scheduled runs shared by `convert` and `sync`: the ledger, which files to take
/// (`--since`, `--until`, `--shard`), `--reprocess` and `--dry-run`.
struct ScheduleFlags: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite ledger of files done and batches acknowledged (sync default: segment-metronome.ledger.sqlite).",
            valueName: "path"))
    var ledger: String?

    @Flag(name: .customLong("no-ledger"), help: "sync: keep no ledger (every run sends every file again).")
    var noLedger = false

    @Flag(name: .long, help: "Process files the ledger says are done again (after a mapping change, say).")
    var reprocess = false

    @Flag(name: .customLong("dry-run"), help: "List what the run would do with each file, and do nothing.")
    var dryRun = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only files from this time on: their S3 day folder, else their modification time.",
            valueName: "day|time"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only files before this time (exclusive).", valueName: "day|time"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Take only this worker's share of the files, e.g. 0/4.", valueName: "I/N"))
    var shard: String?

    @Option(
        name: .customLong("shard-from-env"),
        help: ArgumentHelp(
            "N shards, this worker's index from JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX.",
            valueName: "N"))
    var shardFromEnvironment: Int?

    func validate() throws {
        if let shard, ShardAssignment(shard) == nil {
            throw ValidationError("--shard: expected I/N with 0 <= I < N, such as 0/4, got \(shard)")
        }
        if shard != nil && shardFromEnvironment != nil {
            throw ValidationError("--shard and --shard-from-env cannot be used together")
        }
        if let count = shardFromEnvironment {
            guard count >= 1 else { throw ValidationError("--shard-from-env: the shard count must be at least 1") }
            guard ShardAssignment.fromEnvironment(ProcessInfo.processInfo.environment, count: count) != nil else {
                throw ValidationError(
                    "--shard-from-env \(count): set JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX to this worker's index, 0 to \(count - 1)"
                )
            }
        }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, CommandLineValues.dayOrInstantMilliseconds(value) == nil {
                throw ValidationError(
                    "\(name): expected a UTC day such as 2024-02-25, an RFC 3339 time or epoch milliseconds, got \(value)"
                )
            }
        }
        if ledger != nil && noLedger { throw ValidationError("--ledger and --no-ledger cannot be used together") }
    }

    /// This worker's shard, from `--shard` or `--shard-from-env`.
    var shardAssignment: ShardAssignment? {
        if let shard { return ShardAssignment(shard) }
        if let count = shardFromEnvironment {
            return ShardAssignment.fromEnvironment(ProcessInfo.processInfo.environment, count: count)
        }
        return nil
    }

    var selection: FileSelection {
        FileSelection(
            shard: shardAssignment, since: since.flatMap(CommandLineValues.dayOrInstantMilliseconds),
            until: until.flatMap(CommandLineValues.dayOrInstantMilliseconds))
    }

    /// The ledger path: `--ledger`, else for `sync` the default (one per shard), else none.
    func ledgerPath(defaultOn: Bool) -> String? {
        if let ledger { return ledger }
        guard defaultOn, !noLedger else { return nil }
        if let shard = shardAssignment {
            return "segment-metronome.shard-\(shard.index)-of-\(shard.count).ledger.sqlite"
        }
        return "segment-metronome.ledger.sqlite"
    }
}
