import Dispatch
import Foundation
import MetronomeEvents
import SegmentArchive
import SegmentJSON
import SegmentMapping

/// Measures what a mapping costs, stage by stage, on generated or given archives held in memory.
///
/// Stages: inflate (gzip to line chunks), parse (validate every line, one thread), parse + trigger + map
/// (the pipeline's parallel mapper with the given mappings, which parses each line once) and write (the events to an NDJSON file). Each
/// stage runs alone so its throughput is not hidden by the others; the end-to-end `convert` overlaps
/// them.
public struct MappingBenchmark {
    public struct Stage: Sendable {
        public var name: String
        public var seconds: Double
        public var lines: Int
        public var bytes: Int64
    }

    public struct Result: Sendable {
        public var stages: [Stage]
        public var lines: Int
        public var uncompressedBytes: Int64
        public var compressedBytes: Int64
        public var eventsWritten: Int
        public var eventsRejected: Int
        public var threads: Int
    }

    /// Compressed (or plain) archive contents to measure.
    public var archives: [[UInt8]]
    public var mappings: [CompiledMapping]
    public var threads: Int
    public var rules = EventRules(nowMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + 365 * 86_400_000)

    public init(archives: [[UInt8]], mappings: [CompiledMapping], threads: Int) {
        self.archives = archives
        self.mappings = mappings
        self.threads = max(1, threads)
    }

    /// `events` generated lines in one gzip archive.
    public static func generatedArchive(events: Int, seed: UInt64 = 42) -> [UInt8] {
        let generator = CorpusGenerator(seed: seed)
        let compressor = GzipCompressor(level: 6)
        var compressed: [UInt8] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 64 << 10)
        for index in 0..<events {
            generator.appendLine(index: index, to: &buffer)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 || index == events - 1 {
                buffer.withUnsafeBytes { bytes in
                    compressor.compress(bytes, finish: index == events - 1) { compressed.append(contentsOf: $0) }
                }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if events == 0 {
            compressor.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) {
                compressed.append(contentsOf: $0)
            }
        }
        return compressed
    }

    /// Runs every stage once. Memory: the uncompressed input plus the produced events.
    public func run() throws -> Result {
        func seconds(since start: DispatchTime) -> Double {
            Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        }
        // Inflate: through the same reader the pipeline uses, from memory via a temporary file each.
        var chunks: [LineChunk] = []
        let directory = NSTemporaryDirectory() + "segment-metronome-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var paths: [String] = []
        for (index, archive) in archives.enumerated() {
            let path = directory + "/input-\(index)"
            guard FileManager.default.createFile(atPath: path, contents: Data(archive)) else {
                throw OutputError("cannot write the benchmark input \(path)")
            }
            paths.append(path)
        }
        var uncompressed: Int64 = 0
        let reader = ArchiveReader()
        var start = DispatchTime.now()
        for path in paths {
            let result = reader.read(ArchiveFile(path: path, relativePath: path)) { item in
                if case .lines(let chunk) = item { chunks.append(chunk) }
            }
            if let failure = result.failure { throw OutputError(failure.message) }
            uncompressed += result.bytesOut
        }
        let inflateSeconds = seconds(since: start)
        let compressed = archives.reduce(Int64(0)) { $0 + Int64($1.count) }

        // Parse: every line validated, one thread.
        var parser = JSONLineParser()
        var document = JSONDocument()
        var lines = 0
        start = DispatchTime.now()
        for chunk in chunks {
            let base = UnsafePointer(chunk.buffer.base)
            var lineStart = 0
            while lineStart < chunk.count {
                let found = memchr(base + lineStart, 0x0A, chunk.count - lineStart)
                let end = found.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? chunk.count
                if end > lineStart {
                    try? parser.parse(JSONBytes(base: base + lineStart, count: end - lineStart), into: &document)
                }
                lines += 1
                lineStart = end + 1
            }
        }
        let parseSeconds = seconds(since: start)

        // Trigger + map: the pipeline's mapper, batches of chunks as the pipeline forms them.
        let mapper = ChunkMapper(mappings: mappings, rules: rules, maximumLineBytes: 8 << 20, parallelism: threads)
        var outputs: [[UInt8]] = []
        var written = 0
        var rejected = 0
        start = DispatchTime.now()
        let batchSize = max(2, threads * 2)
        for batchStart in stride(from: 0, to: chunks.count, by: batchSize) {
            let batch = Array(chunks[batchStart..<min(batchStart + batchSize, chunks.count)])
            for slices in mapper.map(batch) {
                for slice in slices {
                    outputs.append(slice.events)
                    written += slice.eventsWritten
                    rejected += slice.rejects.count
                }
            }
        }
        let mapSeconds = seconds(since: start)

        // Write: the events to an NDJSON file.
        let outputBytes = outputs.reduce(Int64(0)) { $0 + Int64($1.count) }
        start = DispatchTime.now()
        let sink = try EventFileSink(path: directory + "/events.ndjson", gzip: false)
        for buffer in outputs { try buffer.withUnsafeBytes { try sink.write($0) } }
        try sink.commit()
        let writeSeconds = seconds(since: start)

        return Result(
            stages: [
                Stage(name: "inflate", seconds: inflateSeconds, lines: lines, bytes: uncompressed),
                Stage(name: "parse", seconds: parseSeconds, lines: lines, bytes: uncompressed),
                Stage(
                    name: "parse+trigger+map (\(threads) thread\(threads == 1 ? "" : "s"))", seconds: mapSeconds,
                    lines: lines, bytes: uncompressed),
                Stage(name: "write", seconds: writeSeconds, lines: written, bytes: outputBytes),
            ],
            lines: lines, uncompressedBytes: uncompressed, compressedBytes: compressed, eventsWritten: written,
            eventsRejected: rejected, threads: threads)
    }

    /// The result as the table `bench` prints.
    public static func describe(_ result: Result) -> String {
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return right ? padding + text : text + padding
        }
        var lines: [String] = []
        lines.append(
            String(
                format: "%d lines, %.1f MB uncompressed (%.1f MB compressed); %d events written, %d rejected",
                result.lines, Double(result.uncompressedBytes) / 1e6, Double(result.compressedBytes) / 1e6,
                result.eventsWritten, result.eventsRejected))
        lines.append("")
        lines.append(
            pad("stage", 32) + pad("seconds", 10, right: true) + pad("events/s", 14, right: true)
                + pad("MB/s", 10, right: true))
        for stage in result.stages {
            let seconds = max(stage.seconds, 1e-9)
            lines.append(
                pad(stage.name, 32) + pad(String(format: "%.3f", stage.seconds), 10, right: true)
                    + pad(String(format: "%.0f", Double(stage.lines) / seconds), 14, right: true)
                    + pad(String(format: "%.0f", Double(stage.bytes) / seconds / 1e6), 10, right: true))
        }
        lines.append("")
        lines.append(
            "events/s counts input lines (events written for the write stage); MB/s counts uncompressed input bytes (output bytes for write)."
        )
        return lines.joined(separator: "\n")
    }
}
