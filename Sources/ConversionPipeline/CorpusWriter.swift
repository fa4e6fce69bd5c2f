import Dispatch
import MetronomeEvents
import SegmentArchive

/// Writes a generated corpus (`CorpusGenerator`) as gzip archives in Segment's S3 layout.
///
/// Files are written in parallel (`concurrentPerform`), each through a 1 MiB line buffer and a zlib
/// stream, under a temporary name renamed when complete. Memory is bounded per file.
public enum CorpusWriter {
    /// Writes `events` lines in `files` files under `directory`; returns the relative paths written.
    public static func write(
        directory: String, events: Int, files: Int, seed: UInt64, compressionLevel: Int32 = 6
    ) throws(OutputError) -> [String] {
        let generator = CorpusGenerator(seed: seed)
        let layout = generator.layout(events: events, files: max(1, files))
        let errors = ErrorSlots(count: layout.count)
        DispatchQueue.concurrentPerform(iterations: layout.count) { index in
            let entry = layout[index]
            do {
                let sink = try EventFileSink(
                    path: directory + "/" + entry.relativePath, gzip: true, level: compressionLevel)
                var buffer: [UInt8] = []
                buffer.reserveCapacity(1 << 20 + 64 << 10)
                for line in entry.lines {
                    generator.appendLine(index: line, to: &buffer)
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 20 {
                        try buffer.withUnsafeBytes { try sink.write($0) }
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                try buffer.withUnsafeBytes { try sink.write($0) }
                try sink.commit()
            } catch {
                errors.set(index, (error as? OutputError) ?? OutputError("\(error)"))
            }
        }
        if let error = errors.first { throw error }
        return layout.map(\.relativePath)
    }
}

/// Per-file error slots written from `concurrentPerform` workers (each index by one worker only).
private final class ErrorSlots: @unchecked Sendable {
    private var slots: [OutputError?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: OutputError) { slots[index] = error }
    var first: OutputError? { slots.compactMap { $0 }.first }
}
