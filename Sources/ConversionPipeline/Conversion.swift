import Dispatch
import Foundation
import Logging
import MetronomeEvents
import RunLedger
import SegmentArchive
import SegmentJSON
import SegmentMapping

/// A configuration problem that stops a run before any input is read (exit code 2).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The exit code: 2 for usage and configuration, 6 when the ledger cannot be used.
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }
    public var description: String { message }
}

/// Runs `convert`: discovers inputs, reads, maps and writes them in parallel, and reports.
public final class Conversion: @unchecked Sendable {
    enum QueueItem {
        case started(Int)
        case item(Int, ArchiveItem)
        case finished(Int, ArchiveReadResult)
    }

    private let options: ConversionOptions
    private let logger: Logger
    private let progress: ProgressLine?

    public init(options: ConversionOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        self.progress = options.showProgress && isatty(2) != 0 ? ProgressLine() : nil
    }

    /// Converts everything; returns the report. Throws only for configuration errors found before
    /// reading (unreadable files and bad lines are counted in the report instead).
    public func run() throws(ConfigurationError) -> RunReport {
        let started = DispatchTime.now()
        let discovery: InputDiscovery.Result
        do {
            discovery = try InputDiscovery.discover(options.inputs)
        } catch {
            throw ConfigurationError(error.message)
        }
        var report = RunReport()
        report.skippedPaths = discovery.skipped
        report.rejectsPath = options.rejectsPath
        let selected = options.selection.apply(discovery.files)
        report.filesOtherShards = selected.otherShards
        report.filesOutsideWindow = selected.outsideWindow
        var chosen = selected.files
        try checkPaths(chosen)
        if let session = options.ledger {
            do {
                let planned = try session.plan(chosen, record: true)
                var summary = LedgerRunSummary(path: session.ledger.path)
                for item in planned {
                    summary.decisions[item.decision, default: 0] += 1
                    if item.decision == .changed { summary.changedFiles.append(item.file.relativePath) }
                    if item.decision.processes {
                        logger.debug("ledger: \(item.decision.label) \(item.file.relativePath)")
                    }
                }
                report.ledger = summary
                chosen = planned.filter(\.decision.processes).map(\.file)
            } catch {
                throw ConfigurationError(error.description, exitCode: 6)
            }
        }
        let files = chosen
        let rejects: StreamSink
        do {
            // With a ledger, runs add to the rejects of earlier runs instead of replacing them.
            rejects = try StreamSink.file(options.rejectsPath, append: options.ledger != nil)
        } catch {
            throw ConfigurationError(error.message)
        }
        let router: OutputRouter
        do {
            router = try OutputRouter(options: options, files: files, rejects: rejects)
        } catch {
            throw ConfigurationError(error.message)
        }
        for file in discovery.skipped { logger.debug("skipped (not an archive object): \(file)") }

        let queueCapacity = max(8, options.threads * 4)
        let queue = BoundedQueue<QueueItem>(capacity: queueCapacity)
        // `--out -` keeps events in input order across files, so files are read one at a time.
        let readerCount = options.writesStandardOutput ? 1 : min(max(1, options.threads), max(1, files.count))
        let nextFile = NextIndex()
        let group = DispatchGroup()
        // Enough buffers for a full queue, the batch being mapped, the batch being written and one being
        // filled per reader; more than that are freed.
        let pool = ByteBufferPool(bufferCapacity: options.chunkSize, limit: queueCapacity + options.threads * 6 + 4)
        let reader = {
            var reader = ArchiveReader(
                chunkSize: options.chunkSize, maximumLineBytes: options.maximumLineBytes, pool: pool)
            reader.keptPrefixBytes = options.maximumRejectRecordBytes
            return reader
        }()
        progress?.start(totalFiles: files.count)
        for _ in 0..<readerCount {
            group.enter()
            let thread = Thread {
                // After Metronome refuses the token, no new file is started (the ones being read finish,
                // their events reported as not sent).
                while router.ingest?.isStopped != true, let index = nextFile.take(below: files.count) {
                    queue.push(.started(index))
                    let result = reader.read(files[index]) { item in queue.push(.item(index, item)) }
                    queue.push(.finished(index, result))
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        DispatchQueue.global().async {
            group.wait()
            queue.close()
        }

        let mapper = ChunkMapper(
            mappings: options.mappings, rules: options.rules, maximumLineBytes: options.maximumLineBytes,
            parallelism: options.threads)
        // The writer runs on its own thread so that writing one batch overlaps mapping the next.
        let written = BoundedQueue<MappedBatch>(capacity: 2)
        let writerDone = DispatchSemaphore(value: 0)
        let state = WriterState(report: report)
        let writer = Thread { [progress, logger, options] in
            while true {
                let batches = written.popBatch(maximum: 1)
                guard let batch = batches.first else { break }
                Self.write(batch, router: router, state: state, options: options, logger: logger, progress: progress)
                // Every chunk of the batch is written: its buffer can be filled again.
                for case .item(_, .lines(let chunk)) in batch.entries { pool.give(chunk.buffer) }
            }
            writerDone.signal()
        }
        writer.stackSize = 1 << 20
        writer.start()
        while true {
            let batch = queue.popBatch(maximum: max(2, options.threads * 2))
            if batch.isEmpty { break }
            var chunks: [LineChunk] = []
            for case .item(_, .lines(let chunk)) in batch { chunks.append(chunk) }
            let mapped = chunks.isEmpty ? [] : mapper.map(chunks)
            written.push(MappedBatch(entries: batch, mapped: mapped))
        }
        written.close()
        writerDone.wait()
        router.waitForCommits(report: &state.report)
        report = state.report
        if let ingest = router.ingest {
            let totals = ingest.close()
            report.add(totals)
            report.ledger?.eventsAlreadySettled = totals.eventsAlreadySettled
            report.filesNotStarted = files.count - nextFile.taken
            report.checkDeliveryAccounting(logger: logger)
        }
        if let session = options.ledger { report.ledger?.error = session.settle() }
        progress?.stop()
        report.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if let path = options.reportPath { report.write(to: path, logger: logger) }
        return report
    }

    /// What a run would do, without doing it (`--dry-run`): the files selected and, with a ledger, the
    /// decision for each. Takes no lock and writes nothing.
    public static func preview(
        _ options: ConversionOptions
    ) throws(ConfigurationError) -> (
        selection: FileSelection.Outcome, planned: [LedgerSession.PlannedFile]
    ) {
        let discovery: InputDiscovery.Result
        do {
            discovery = try InputDiscovery.discover(options.inputs)
        } catch {
            throw ConfigurationError(error.message)
        }
        let selected = options.selection.apply(discovery.files)
        guard let session = options.ledger else {
            return (selected, selected.files.map { LedgerSession.PlannedFile(file: $0, decision: .new) })
        }
        do {
            return (selected, try session.plan(selected.files, record: false))
        } catch {
            throw ConfigurationError(error.description, exitCode: 6)
        }
    }

    /// A batch of reader items with the mapping results of its chunks, in order.
    struct MappedBatch {
        var entries: [QueueItem]
        var mapped: [[SliceResult]]
    }

    /// The report, owned by the writer thread while the run lasts.
    final class WriterState: @unchecked Sendable {
        var report: RunReport
        init(report: RunReport) { self.report = report }
    }

    /// Writes one mapped batch in order (writer thread only).
    private static func write(
        _ batch: MappedBatch, router: OutputRouter, state: WriterState, options: ConversionOptions, logger: Logger,
        progress: ProgressLine?
    ) {
        var chunkIndex = 0
        for entry in batch.entries {
            switch entry {
            case .started(let index):
                router.start(index)
            case .item(let index, .lines(let chunk)):
                router.write(index, chunk: chunk, slices: batch.mapped[chunkIndex], report: &state.report)
                chunkIndex += 1
                progress?.addLines(of: chunk)
            case .item(let index, .overlongLine(let prefix, let length)):
                router.rejectUnparsed(
                    index, prefix: prefix, length: length,
                    reason: ChunkMapper.overlongReason(length: length, limit: options.maximumLineBytes),
                    category: ChunkMapper.overlongCategory, report: &state.report)
            case .item(let index, .damagedTail(let prefix, let length)):
                router.rejectUnparsed(
                    index, prefix: prefix, length: length,
                    reason: "the last line before the damaged or truncated gzip data is incomplete (\(length) bytes)",
                    category: ChunkMapper.damagedCategory, report: &state.report)
            case .finished(let index, let result):
                router.finish(index, result: result, report: &state.report)
                if let failure = result.failure { logger.error("\(failure.message)") }
                progress?.fileDone(events: state.report.eventsWritten)
            }
        }
        progress?.update(events: state.report.eventsWritten)
    }

    /// Refuses paths that would make the tool read its own output or overwrite its input: an output
    /// directory inside an input (or an input inside it), and a rejects, report or ledger file that is
    /// an input file or inside an input directory; and rejects or report files inside the events tree,
    /// where a later upload would pick them up. Paths are compared with symbolic links resolved.
    private func checkPaths(_ files: [ArchiveFile]) throws(ConfigurationError) {
        var written: [(String, String)] = [("--rejects", options.rejectsPath)]
        if let report = options.reportPath { written.append(("--report", report)) }
        if let ledger = options.ledger?.ledger.path { written.append(("--ledger", ledger)) }
        try Self.checkWritten(written, inputs: options.inputs)
        let inputs = options.inputs.filter { $0 != "-" }.map { ($0, Self.resolved($0)) }
        guard case .directory(let directory) = options.destination else { return }
        let output = Self.resolved(directory)
        for (input, root) in inputs {
            if output == root || output.hasPrefix(root + "/") {
                throw ConfigurationError(
                    "the output directory \(directory) is inside the input \(input); a later run would read its own output: choose an --out outside the input"
                )
            }
            if root.hasPrefix(output + "/") {
                throw ConfigurationError(
                    "the input \(input) is inside the output directory \(directory), where output files could replace input files: choose an --out outside the input"
                )
            }
        }
        let root = Self.absolute(directory)
        for (name, path) in [("--rejects", options.rejectsPath), ("--report", options.reportPath)] {
            guard let path else { continue }
            let absolute = Self.absolute(path)
            if absolute.hasPrefix(root + "/") {
                throw ConfigurationError(
                    "\(name) \(path) is inside the output directory \(directory); put it elsewhere so an upload of the events tree cannot pick it up"
                )
            }
        }
    }

    /// Refuses files the run writes (`(flag, path)`) that are an input file or inside an input
    /// directory, where the run would overwrite its input or a later run read them as input.
    static func checkWritten(_ written: [(String, String)], inputs: [String]) throws(ConfigurationError) {
        let roots = inputs.filter { $0 != "-" }.map { ($0, resolved($0)) }
        for (name, path) in written {
            let target = resolved(path)
            for (input, root) in roots {
                if target == root {
                    throw ConfigurationError("\(name) \(path) is the input file \(input); refusing to overwrite it")
                }
                if target.hasPrefix(root + "/") {
                    throw ConfigurationError(
                        "\(name) \(path) is inside the input \(input), where a later run would read it as input; put it elsewhere"
                    )
                }
            }
        }
    }

    /// `path` made absolute with symbolic links resolved in the part that exists (the rest, not yet
    /// created, appended as written).
    static func resolved(_ path: String) -> String {
        var existing = absolute(path)
        var rest: [String] = []
        while existing != "/" {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return rest.isEmpty ? base : (base == "/" ? "" : base) + "/" + rest.reversed().joined(separator: "/")
            }
            let slash = existing.lastIndex(of: "/")!
            rest.append(String(existing[existing.index(after: slash)...]))
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
        return "/" + rest.reversed().joined(separator: "/")
    }

    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Hands out file indexes to reader threads.
final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// How many indexes were handed out.
    var taken: Int {
        lock.lock()
        defer { lock.unlock() }
        return next
    }

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}
