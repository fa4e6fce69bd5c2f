import Dispatch
import Foundation
import MetronomeEvents
import MetronomeIngest
import RunLedger
import SegmentArchive
import SegmentJSON

/// Writes mapped results in input order: events to the file's output (or stdout), rejects to the
/// rejects file with absolute line numbers, counts to the report. Runs on the mapper's thread only.
final class OutputRouter: @unchecked Sendable {
    private struct FileState {
        var sink: EventFileSink?
        /// Lines of this file handed out so far (the next line is `linesSoFar + 1`).
        var linesSoFar = 0
        /// Events produced and records rejected so far, for the ledger.
        var events = 0
        var rejected = 0
    }

    private let options: ConversionOptions
    private let files: [ArchiveFile]
    private let rejects: StreamSink
    private let standardOutput: StreamSink?
    /// The HTTP sink (`sync`), or nil when writing files or standard output.
    let ingest: IngestSink?
    /// The enabled mappings' names, indexed by `EventOrigin.plan`.
    private let mappingNames: [String]
    private var states: [Int: FileState] = [:]
    private var rejectBuffer: [UInt8] = []
    private var writeFailures: [Int: String] = [:]
    private let committer = DispatchQueue(label: "segment-metronome.commit")
    /// Output files finished but not yet synced and renamed: each holds a descriptor, so the writer
    /// waits when this many are queued (with 100,000 small inputs it outran the committer's fsyncs and
    /// ran out of descriptors).
    private let pendingCommits = DispatchSemaphore(value: OutputRouter.maximumPendingCommits)
    static let maximumPendingCommits = 32
    private let commitFailures = LockedList<(String, String, Int64)>()
    /// What the ledger needs to know of a finished file once its batches settle (`sync`).
    private let finishedFiles = FinishedFiles()

    init(options: ConversionOptions, files: [ArchiveFile], rejects: StreamSink) throws(OutputError) {
        self.options = options
        self.files = files
        self.rejects = rejects
        self.mappingNames = options.mappings.filter(\.enabled).map(\.name)
        switch options.destination {
        case .directory(let directory):
            try EventFileSink.makeDirectories(directory)
            standardOutput = nil
            ingest = nil
        case .standardOutput:
            standardOutput = StreamSink.standardOutput()
            ingest = nil
        case .metronome(let upload):
            standardOutput = nil
            var onAcknowledged: (@Sendable (Int, Int64, Int64, Int) -> Void)?
            var onFileSettled: (@Sendable (FileSettlement) -> Void)?
            if let session = options.ledger {
                onAcknowledged = { file, first, last, events in
                    session.acknowledge(files[file], first: first, last: last, events: events)
                }
                onFileSettled = { [finishedFiles] settlement in
                    let finished = finishedFiles.take(settlement.file)
                    let counts = settlement.counts
                    let error =
                        finished.failure
                        ?? (counts.notDelivered > 0
                            ? "\(counts.notDelivered) events not delivered (retriable); the next run sends them again"
                            : nil)
                    session.finish(
                        files[settlement.file], done: error == nil,
                        counts: FileCounts(
                            eventsProduced: counts.produced + counts.alreadySettled, eventsDelivered: counts.delivered,
                            eventsRejected: counts.rejected + finished.mappingRejects,
                            eventsNotDelivered: counts.notDelivered),
                        error: error)
                }
            }
            ingest = IngestSink(
                transport: upload.transport, settings: upload.uploader, check: IngestEventCheck(rules: options.rules),
                batchSize: upload.batchSize, sources: files.map { $0.isStandardInput ? "-" : $0.path },
                rejects: rejects, maximumRejectRecordBytes: options.maximumRejectRecordBytes,
                onAcknowledged: onAcknowledged, onFileSettled: onFileSettled)
        }
    }

    /// The output path for an input's relative path: `.gz` and `.json`/`.ndjson`/`.jsonl` suffixes
    /// replaced by `.ndjson` (`.ndjson.gz` with `--gzip`).
    static func outputRelativePath(_ relative: String, gzip: Bool) -> String {
        var name = relative
        if name.lowercased().hasSuffix(".gz") { name.removeLast(3) }
        for suffix in [".ndjson", ".jsonl", ".json"] where name.lowercased().hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name + (gzip ? ".ndjson.gz" : ".ndjson")
    }

    /// Why writing `relative` under `root` could land outside `root`, or nil when it cannot: a `..`,
    /// `.` or empty component, an absolute name, or a symbolic link among the directories below `root`
    /// (`root` itself may be a link: that is the user's choice). O(components) `lstat` calls.
    static func unsafeOutputPath(root: String, relative: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        if relative.hasPrefix("/") || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "the input name \(relative) would be written outside the output directory; refusing it"
        }
        var path = root
        for part in parts.dropLast() {
            path += "/" + part
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK {
                return "refusing to write through the symbolic link \(path) in the output directory"
            }
        }
        return nil
    }

    func start(_ index: Int) {
        var state = FileState()
        if let session = options.ledger {
            let settled = session.start(files[index])
            ingest?.resume(file: index, settled: SettledRanges(settled))
        }
        if case .directory(let directory) = options.destination {
            let relative = Self.outputRelativePath(files[index].relativePath, gzip: options.gzip)
            if let problem = Self.unsafeOutputPath(root: directory, relative: relative) {
                writeFailures[index] = problem
            } else {
                do {
                    state.sink = try EventFileSink(path: directory + "/" + relative, gzip: options.gzip)
                } catch {
                    writeFailures[index] = error.message
                }
            }
        }
        states[index] = state
    }

    func write(_ index: Int, chunk: LineChunk, slices: [SliceResult], report: inout RunReport) {
        guard var state = states[index] else { return }
        let source = files[index].isStandardInput ? "-" : files[index].path
        for slice in slices {
            if let ingest {
                send(index, slice, linesBefore: state.linesSoFar, to: ingest)
            } else if !slice.events.isEmpty {
                emit(index, &state, slice.events)
            }
            for reject in slice.rejects {
                let line = state.linesSoFar + reject.lineInSlice + 1
                let bytes = JSONBytes(
                    base: UnsafePointer(chunk.buffer.base) + reject.lineRange.lowerBound, count: reject.lineRange.count)
                if let record = reject.record {
                    RejectRecord.append(
                        source: source, line: line, mapping: reject.mapping, reason: reject.reason,
                        bytes: JSONBytes(base: UnsafePointer(chunk.buffer.base), count: chunk.count), root: record,
                        maximumRecordBytes: options.maximumRejectRecordBytes, to: &rejectBuffer)
                } else {
                    RejectRecord.append(
                        source: source, line: line, mapping: reject.mapping, reason: reject.reason,
                        rawLine: bytes.slice(0..<bytes.count), maximumRecordBytes: options.maximumRejectRecordBytes,
                        to: &rejectBuffer)
                }
                report.addRejection(category: reject.category)
            }
            state.linesSoFar += slice.lines
            state.events += slice.eventsWritten
            state.rejected += slice.rejects.count
            report.linesRead += slice.lines
            report.blankLines += slice.blankLines
            report.eventsWritten += slice.eventsWritten
            report.eventsSkipped += slice.eventsSkipped
        }
        states[index] = state
        flushRejects()
    }

    /// A line that was not read whole (overlong, or cut by damaged gzip data).
    func rejectUnparsed(
        _ index: Int, prefix: [UInt8], length: Int, reason: String, category: String, report: inout RunReport
    ) {
        guard var state = states[index] else { return }
        state.linesSoFar += 1
        report.linesRead += 1
        let source = files[index].isStandardInput ? "-" : files[index].path
        prefix.withUnsafeBytes { bytes in
            RejectRecord.append(
                source: source, line: state.linesSoFar, mapping: nil, reason: reason, rawLine: bytes,
                totalLength: length, maximumRecordBytes: options.maximumRejectRecordBytes, to: &rejectBuffer)
        }
        report.addRejection(category: category)
        state.rejected += 1
        states[index] = state
        flushRejects()
    }

    func finish(_ index: Int, result: ArchiveReadResult, report: inout RunReport) {
        let state = states.removeValue(forKey: index)
        if let ingest {
            // Before `finishFile`, which may settle the file at once.
            let failure = result.failure.map(\.message) ?? writeFailures[index]
            finishedFiles.put(index, .init(failure: failure, mappingRejects: state?.rejected ?? 0))
            ingest.finishFile(index)
        }
        report.filesRead += 1
        report.bytesRead += result.bytesOut
        report.compressedBytesRead += result.bytesIn
        let source = files[index].isStandardInput ? "-" : files[index].path
        if let failure = result.failure {
            report.filesFailed += 1
            report.failures.append((source, failure))
        } else if let message = writeFailures[index] {
            report.filesFailed += 1
            report.failures.append(
                (
                    source,
                    ArchiveReadFailure(
                        kind: .unreadable, message: "cannot write the output: \(message)", offset: result.bytesIn)
                ))
        }
        let session = ingest == nil ? options.ledger : nil
        let file = files[index]
        let counts = FileCounts(
            eventsProduced: state?.events ?? 0, eventsDelivered: state?.events ?? 0,
            eventsRejected: state?.rejected ?? 0)
        let earlierFailure = result.failure?.message ?? writeFailures[index].map { "cannot write the output: \($0)" }
        guard let sink = state?.sink else {
            session?.finish(file, done: earlierFailure == nil, counts: counts, error: earlierFailure)
            return
        }
        // fsync takes tens of milliseconds per file; doing it here would stall the writer and, through
        // back-pressure, the mapper. A serial queue syncs and renames behind the writer's back, and only
        // then tells the ledger the file is done.
        pendingCommits.wait()
        committer.async { [commitFailures, pendingCommits] in
            defer { pendingCommits.signal() }
            do {
                try sink.commit()
                session?.finish(file, done: earlierFailure == nil, counts: counts, error: earlierFailure)
            } catch {
                if earlierFailure == nil { commitFailures.append((source, "\(error)", result.bytesIn)) }
                session?.finish(
                    file, done: false, counts: counts, error: earlierFailure ?? "cannot write the output: \(error)")
            }
        }
    }

    /// Waits until every finished file is synced and renamed; adds commit failures to the report.
    func waitForCommits(report: inout RunReport) {
        committer.sync {}
        for (source, message, offset) in commitFailures.all {
            report.filesFailed += 1
            report.failures.append(
                (
                    source,
                    ArchiveReadFailure(
                        kind: .unreadable, message: "cannot write the output: \(message)", offset: offset)
                ))
        }
    }

    /// Hands a slice's events to the HTTP sink, each with its absolute line, its position (the k-th
    /// event of its line, for the ledger) and mapping name.
    private func send(_ index: Int, _ slice: SliceResult, linesBefore: Int, to ingest: IngestSink) {
        slice.events.withUnsafeBytes { bytes in
            var start = 0
            var previousLine = -1
            var indexInLine = 0
            for origin in slice.eventOrigins {
                var end = start
                while bytes[end] != 0x0A { end += 1 }
                let line = linesBefore + Int(origin.lineInSlice) + 1
                indexInLine = line == previousLine ? indexInLine + 1 : 0
                previousLine = line
                ingest.add(
                    file: index, line: line, position: SettledRanges.position(line: line, index: indexInLine),
                    mapping: mappingNames[Int(origin.plan)],
                    event: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }

    private func emit(_ index: Int, _ state: inout FileState, _ bytes: [UInt8]) {
        do {
            if let sink = state.sink {
                try bytes.withUnsafeBytes { try sink.write($0) }
            } else if let standardOutput {
                try bytes.withUnsafeBytes { try standardOutput.write($0) }
            }
        } catch {
            writeFailures[index] = "\(error)"
        }
    }

    private func flushRejects() {
        guard !rejectBuffer.isEmpty else { return }
        do {
            try rejectBuffer.withUnsafeBytes { try rejects.write($0) }
        } catch {
            // The rejects file is part of the accounting; failing to write it is a failure of every
            // file still open.
            for index in states.keys { writeFailures[index] = "cannot write the rejects file: \(error)" }
        }
        rejectBuffer.removeAll(keepingCapacity: true)
    }
}

/// An append-only list shared between threads.
final class LockedList<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []

    func append(_ element: Element) {
        lock.lock()
        elements.append(element)
        lock.unlock()
    }

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return elements
    }
}
