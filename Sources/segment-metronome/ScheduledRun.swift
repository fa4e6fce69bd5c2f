import ArgumentParser
import ConversionPipeline
import Foundation
import Logging
import RunLedger
import SegmentMapping

/// Runs `convert` or `sync` with what scheduled runs need around the pipeline: the ledger (lock, run
/// row, outcome), `--dry-run`, the metrics file and the exit code.
struct ScheduledRun {
    var command: String
    var schedule: ScheduleFlags
    var observability: ObservabilityFlags
    /// Whether the command keeps a ledger when `--ledger` is not given (`sync`).
    var ledgerByDefault: Bool
    /// Parts of the output fingerprint besides the mapping (the command, output options).
    var outputOptions: [String]
    /// `--mapping`, or nil for Segment's preset.
    var mappingPath: String?
    var logger: Logger

    /// Runs the pipeline with the options `prepare` builds (it throws a message for a configuration
    /// error, exit code 2), with the mapping file loaded; `exitCode` maps a finished report to the
    /// command's exit code, `summarize` prints it. Writes the metrics file on every outcome; throws
    /// `ExitCode` for every non-zero one.
    func run(
        prepare: () throws(ConfigurationError) -> ConversionOptions, exitCode: (RunReport) -> Int32,
        summarize: (RunReport) -> Void
    ) throws {
        let shard = schedule.shardAssignment
        var options: ConversionOptions
        var mappingBytes: [UInt8]?
        do throws(ConfigurationError) {
            options = try prepare()
            if let mappingPath {
                guard let data = FileManager.default.contents(atPath: mappingPath) else {
                    throw ConfigurationError("cannot read the mapping file \(mappingPath)")
                }
                mappingBytes = Array(data)
                do {
                    options.mappings = try MappingFile.load(Array(data))
                } catch {
                    throw ConfigurationError("\(mappingPath) has errors:\n\(error.description)")
                }
            }
        } catch {
            writeMetrics(RunReport(), exitCode: error.exitCode, shard: shard)
            throw fail(error.message, code: error.exitCode)
        }
        options.selection = schedule.selection
        let fingerprint = LedgerSession.outputFingerprint(
            [command] + outputOptions + [mappingBytes.map { String(decoding: $0, as: UTF8.self) } ?? "preset"])
        let ledgerPath = schedule.ledgerPath(defaultOn: ledgerByDefault)
        if schedule.reprocess && ledgerPath == nil {
            writeMetrics(RunReport(), exitCode: 2, shard: shard)
            throw fail("--reprocess needs a ledger (--ledger PATH)", code: 2)
        }
        if ledgerPath != nil, options.writesStandardOutput {
            writeMetrics(RunReport(), exitCode: 2, shard: shard)
            throw fail("--ledger works with an output directory, not --out -", code: 2)
        }
        if schedule.dryRun {
            try dryRun(options, ledgerPath: ledgerPath, fingerprint: fingerprint)
            return
        }
        if let ledgerPath {
            do {
                options.ledger = try LedgerSession(
                    path: ledgerPath, command: command, shard: shard, outputFingerprint: fingerprint,
                    reprocess: schedule.reprocess)
            } catch {
                let code: Int32
                if case .locked = error { code = 5 } else { code = 6 }
                writeMetrics(RunReport(), exitCode: code, shard: shard)
                throw fail(error.description, code: code)
            }
        }
        let report: RunReport
        do {
            report = try Conversion(options: options, logger: logger).run()
        } catch {
            options.ledger?.finish(outcome: "configuration_error", exitCode: error.exitCode)
            writeMetrics(RunReport(), exitCode: error.exitCode, shard: shard)
            throw fail(error.message, code: error.exitCode)
        }
        var code = exitCode(report)
        if code == 0, report.ledger?.error != nil { code = 6 }
        options.ledger?.finish(outcome: Self.outcome(code), exitCode: code)
        summarize(report)
        writeMetrics(report, exitCode: code, shard: shard)
        if code != 0 { throw ExitCode(code) }
    }

    /// `--dry-run`: one line per selected file with what the run would do, then the totals. A ledger
    /// that does not exist yet is not created: every file would be new.
    private func dryRun(_ options: ConversionOptions, ledgerPath: String?, fingerprint: String) throws {
        var options = options
        if let ledgerPath, FileManager.default.fileExists(atPath: ledgerPath) {
            do {
                options.ledger = try LedgerSession(
                    previewing: ledgerPath, outputFingerprint: fingerprint, reprocess: schedule.reprocess)
            } catch {
                throw fail(error.description, code: 6)
            }
        }
        let preview: (selection: FileSelection.Outcome, planned: [LedgerSession.PlannedFile])
        do {
            preview = try Conversion.preview(options)
        } catch {
            throw fail(error.message, code: error.exitCode)
        }
        var out = ""
        var counts: [String: Int] = [:]
        for item in preview.planned {
            out +=
                "\(item.decision.processes ? "process" : "skip   ")  \(item.decision.label.padding(toLength: 18, withPad: " ", startingAt: 0))  \(item.file.relativePath)\n"
            counts[item.decision.label, default: 0] += 1
        }
        let processed = preview.planned.filter(\.decision.processes).count
        out += "Dry run: \(processed) of \(preview.planned.count) selected files would be processed"
        let detail = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        if !detail.isEmpty { out += " (\(detail))" }
        out +=
            "; \(preview.selection.otherShards) belong to other shards, \(preview.selection.outsideWindow) are outside --since/--until"
        out += ledgerPath.map { "; ledger \($0)." } ?? "; no ledger."
        print(out)
    }

    private func writeMetrics(_ report: RunReport, exitCode: Int32, shard: ShardAssignment?) {
        observability.writeMetrics(
            report: report, command: command, shard: shard?.description, exitCode: exitCode,
            filesAlreadyDone: report.ledger?.count(.skipDone), logger: logger)
    }

    private func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// The `runs.outcome` for an exit code (README, "Exit codes").
    static func outcome(_ code: Int32) -> String {
        switch code {
        case 0: return "success"
        case 1: return "files_failed"
        case 2: return "configuration_error"
        case 3: return "events_not_delivered"
        case 4: return "token_refused"
        case 5: return "ledger_locked"
        case 6: return "ledger_error"
        case 70: return "accounting_error"
        default: return "exit_\(code)"
        }
    }
}
