// Per-stage and end-to-end benchmarks of the conversion pipeline on generated Segment events.
//
// Every benchmark processes the same in-memory corpus (`corpusLines` generated lines, about 1.3 KB
// each) so stages can be compared: inflate (gzip -> bytes), parse (validate every line), map (trigger +
// preset/userId mapping + event building over parsed lines, in parallel as the pipeline does), write
// (events to a file) and end to end (`Conversion` over gzip files on disk). Throughput is in lines.
import Benchmark
import ConversionPipeline
import Foundation
import Logging
import MetronomeEvents
import SegmentArchive
import SegmentJSON
import SegmentMapping

let corpusLines = 50_000

/// The generated corpus as one NDJSON buffer.
let corpus: [UInt8] = {
    let generator = CorpusGenerator(seed: 42)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(corpusLines * 1400)
    for index in 0..<corpusLines {
        generator.appendLine(index: index, to: &buffer)
        buffer.append(0x0A)
    }
    return buffer
}()

/// The corpus gzip-compressed (zlib level 6, as Segment's files are).
let compressedCorpus: [UInt8] = {
    var out: [UInt8] = []
    let compressor = GzipCompressor(level: 6)
    corpus.withUnsafeBytes { bytes in
        compressor.compress(bytes, finish: true) { out.append(contentsOf: $0) }
    }
    return out
}()

/// The corpus in 1 MiB line chunks, as the reader hands them to the mapper.
let chunks: [LineChunk] = {
    var result: [LineChunk] = []
    var framer = LineFramer(chunkSize: 1 << 20, maximumLineBytes: 8 << 20) { item in
        if case .lines(let chunk) = item { result.append(chunk) }
    }
    var offset = 0
    while offset < corpus.count {
        let space = framer.freeSpace()
        let count = min(space.count, corpus.count - offset)
        corpus.withUnsafeBytes { space.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        framer.commit(count)
        offset += count
    }
    framer.finish(damaged: false)
    return result
}()

let userIdMapping: CompiledMapping = {
    let text = """
        {"mappings":[{"name":"userId","subscribe":"type = \\"track\\"","mapping":{"transaction_id":{"@path":"$.messageId"},
        "customer_id":{"@path":"$.userId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},
        "properties":{"@path":"$.properties"}}}]}
        """
    return try! MappingFile.load(Array(text.utf8))[0]
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        timeUnits: .milliseconds,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    Benchmark("inflate (\(GzipInflater.libraryName)), 50k lines") { benchmark in
        for _ in benchmark.scaledIterations {
            let inflater = GzipInflater()
            var output = [UInt8](repeating: 0, count: 1 << 20)
            var total = 0
            compressedCorpus.withUnsafeBytes { input in
                var offset = 0
                while offset < input.count {
                    let step = output.withUnsafeMutableBytes { out in
                        inflater.inflate(UnsafeRawBufferPointer(rebasing: input[offset...]), into: out)
                    }
                    offset += step.consumed
                    total += step.produced
                    if step.memberEnded || step.failure != nil { break }
                }
            }
            precondition(total == corpus.count)
            blackHole(total)
        }
    }

    Benchmark("parse (validate every line), 50k lines") { benchmark in
        for _ in benchmark.scaledIterations {
            var parser = JSONLineParser()
            var document = JSONDocument()
            var members = 0
            for chunk in chunks {
                let base = UnsafePointer(chunk.buffer.base)
                var start = 0
                for index in 0..<chunk.count where base[index] == 0x0A {
                    try parser.parse(JSONBytes(base: base + start, count: index - start), into: &document)
                    members += document.memberCount
                    start = index + 1
                }
            }
            blackHole(members)
        }
    }

    for (name, mapping) in [("preset", CompiledMapping.segmentPreset), ("customer_id from userId", userIdMapping)] {
        Benchmark("map (parse + trigger + \(name)), 50k lines, 2 threads") { benchmark in
            let mapper = ChunkMapper(
                mappings: [mapping], rules: EventRules(nowMilliseconds: 4_000_000_000_000), maximumLineBytes: 8 << 20,
                parallelism: 2)
            for _ in benchmark.scaledIterations {
                var written = 0
                for batch in stride(from: 0, to: chunks.count, by: 4) {
                    let results = mapper.map(Array(chunks[batch..<min(batch + 4, chunks.count)]))
                    written += results.joined().map(\.eventsWritten).reduce(0, +)
                }
                blackHole(written)
            }
        }
    }

    Benchmark("write (events to an NDJSON file)") { benchmark in
        let mapper = ChunkMapper(
            mappings: [userIdMapping], rules: EventRules(nowMilliseconds: 4_000_000_000_000), maximumLineBytes: 8 << 20,
            parallelism: 1)
        let events = mapper.map(chunks).joined().map(\.events)
        let path = NSTemporaryDirectory() + "segment-metronome-bench-write.ndjson"
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let sink = try EventFileSink(path: path, gzip: false)
            for buffer in events { try buffer.withUnsafeBytes { try sink.write($0) } }
            try sink.commit()
        }
        benchmark.stopMeasurement()
        try? FileManager.default.removeItem(atPath: path)
    }

    Benchmark("end to end (convert, 200k events in 4 gzip files, 2 threads)") { benchmark in
        let directory = NSTemporaryDirectory() + "segment-metronome-bench-e2e"
        if !FileManager.default.fileExists(atPath: directory + "/corpus") {
            _ = try CorpusWriter.write(directory: directory + "/corpus", events: 200_000, files: 4, seed: 42)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var options = ConversionOptions(
                inputs: [directory + "/corpus"], destination: .directory(directory + "/out"),
                rules: EventRules(nowMilliseconds: 4_000_000_000_000), threads: 2,
                rejectsPath: directory + "/rejects.ndjson")
            options.mappings = [userIdMapping]
            options.showProgress = false
            let report = try Conversion(options: options, logger: logger).run()
            blackHole(report.eventsWritten)
        }
        benchmark.stopMeasurement()
    }
}
