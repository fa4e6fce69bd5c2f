import Foundation
import Logging
import MetronomeEvents
import MetronomeIngest
import SegmentArchive
import SegmentJSON

/// Runs `upload`: NDJSON files of Metronome events (what `convert` writes, gzip or not) to Metronome,
/// every event checked first, batched per file in order, and accounted for in the report.
///
/// Files are read one at a time on the calling thread, which is also the producer the uploader blocks
/// for back-pressure; requests run concurrently on async-http-client's event loop. Memory: the
/// reader's chunk buffers plus `concurrency` batches in flight, whatever the input size.
public final class Upload: @unchecked Sendable {
    /// What an upload run needs, as decided by the command line.
    public struct Options: Sendable {
        public var inputs: [String]
        public var upload: UploadOptions
        public var rules: EventRules
        public var rejectsPath: String
        public var reportPath: String?
        public var maximumLineBytes = 8 << 20
        public var chunkSize = 1 << 20
        /// The most bytes of a rejected record the rejects file keeps (`--max-reject-record-bytes`).
        public var maximumRejectRecordBytes = RejectRecord.defaultMaximumRecordBytes

        public init(inputs: [String], upload: UploadOptions, rules: EventRules, rejectsPath: String) {
            self.inputs = inputs
            self.upload = upload
            self.rules = rules
            self.rejectsPath = rejectsPath
        }
    }

    private let options: Options
    private let logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Uploads everything; returns the report. Throws only for problems found before reading.
    public func run() throws(ConfigurationError) -> RunReport {
        let started = DispatchTime.now()
        let discovery: InputDiscovery.Result
        do {
            discovery = try InputDiscovery.discover(options.inputs)
        } catch {
            throw ConfigurationError(error.message)
        }
        let files = discovery.files
        var written = [("--rejects", options.rejectsPath)]
        if let report = options.reportPath { written.append(("--report", report)) }
        try Conversion.checkWritten(written, inputs: options.inputs)
        let rejects: StreamSink
        do {
            rejects = try StreamSink.file(options.rejectsPath)
        } catch {
            throw ConfigurationError(error.message)
        }
        var report = RunReport()
        report.skippedPaths = discovery.skipped
        report.rejectsPath = options.rejectsPath
        let sources = files.map { $0.isStandardInput ? "-" : $0.path }
        let sink = IngestSink(
            transport: options.upload.transport, settings: options.upload.uploader,
            check: IngestEventCheck(rules: options.rules), batchSize: options.upload.batchSize, sources: sources,
            rejects: rejects, maximumRejectRecordBytes: options.maximumRejectRecordBytes)
        let pool = ByteBufferPool(bufferCapacity: options.chunkSize, limit: 4)
        var reader = ArchiveReader(chunkSize: options.chunkSize, maximumLineBytes: options.maximumLineBytes, pool: pool)
        reader.keptPrefixBytes = options.maximumRejectRecordBytes
        let limit = options.maximumLineBytes
        let maximumRecordBytes = options.maximumRejectRecordBytes
        let logger = self.logger
        var startedFiles = 0
        for (index, file) in files.enumerated() {
            if sink.isStopped { break }
            startedFiles += 1
            var line = 0
            let result = reader.read(file) { item in
                switch item {
                case .lines(let chunk):
                    let base = UnsafePointer(chunk.buffer.base)
                    var position = 0
                    while position < chunk.count {
                        var end = position
                        while end < chunk.count && base[end] != 0x0A { end += 1 }
                        line += 1
                        report.linesRead += 1
                        var last = end
                        while last > position && (base[last - 1] == 0x0D || base[last - 1] == 0x20) { last -= 1 }
                        if last == position {
                            report.blankLines += 1
                        } else {
                            report.eventsWritten += 1
                            sink.add(
                                file: index, line: line, mapping: nil,
                                event: UnsafeRawBufferPointer(start: base + position, count: last - position))
                        }
                        position = end + 1
                    }
                    pool.give(chunk.buffer)
                case .overlongLine(let prefix, let length), .damagedTail(let prefix, let length):
                    line += 1
                    report.linesRead += 1
                    let overlong = length > limit
                    let reason =
                        overlong
                        ? ChunkMapper.overlongReason(length: length, limit: limit)
                        : "the last line before the damaged or truncated gzip data is incomplete (\(length) bytes)"
                    // Written at once rather than gathered per file: a file of many overlong lines
                    // would otherwise hold all their rejects in memory.
                    var rejectLine: [UInt8] = []
                    prefix.withUnsafeBytes {
                        RejectRecord.append(
                            source: sources[index], line: line, mapping: nil, reason: reason, rawLine: $0,
                            totalLength: length, maximumRecordBytes: maximumRecordBytes, to: &rejectLine)
                    }
                    do {
                        try rejectLine.withUnsafeBytes { try rejects.write($0) }
                    } catch {
                        logger.error("cannot write the rejects file: \(error)")
                    }
                    report.addRejection(category: overlong ? ChunkMapper.overlongCategory : ChunkMapper.damagedCategory)
                }
            }
            sink.finishFile(index)
            report.filesRead += 1
            report.bytesRead += result.bytesOut
            report.compressedBytesRead += result.bytesIn
            if let failure = result.failure {
                report.filesFailed += 1
                report.failures.append((sources[index], failure))
                logger.error("\(failure.message)")
            }
        }
        report.add(sink.close())
        report.filesNotStarted = files.count - startedFiles
        report.checkDeliveryAccounting(logger: logger)
        report.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if let path = options.reportPath { report.write(to: path, logger: logger) }
        return report
    }
}
