import Dispatch
import MetronomeEvents
import SegmentArchive
import SegmentJSON
import SegmentMapping

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A rejected line found while mapping, kept until its absolute line number is known.
public struct PendingReject: Sendable {
    /// Line number within its slice, 0-based.
    public internal(set) var lineInSlice: Int
    /// The line's bytes in the chunk.
    public internal(set) var lineRange: Range<Int>
    public internal(set) var mapping: String?
    public internal(set) var reason: String
    public internal(set) var category: String
    /// The parsed line's root value (offsets in the chunk, with canonical-form flags) when the line
    /// parsed as JSON: the record is then written as JSON without parsing again.
    public internal(set) var record: JSONSpan?
}

/// Where one produced event came from within its slice.
public struct EventOrigin: Sendable, Equatable {
    public var lineInSlice: Int32
    public var plan: Int32
}

/// What mapping one slice of a chunk produced.
public struct SliceResult: Sendable {
    public internal(set) var events: [UInt8] = []
    /// For each event line in `events`, in order: the line in the slice (0-based) it came from and the
    /// index of the enabled mapping that produced it (the HTTP sink's rejects name both).
    public internal(set) var eventOrigins: [EventOrigin] = []
    public internal(set) var rejects: [PendingReject] = []
    public internal(set) var lines = 0
    public internal(set) var blankLines = 0
    public internal(set) var eventsWritten = 0
    public internal(set) var eventsSkipped = 0
}

/// Maps the lines of chunks in parallel: each chunk is cut into line slices and the slices of a batch
/// of chunks run under one `DispatchQueue.concurrentPerform`.
///
/// Per slice the work is O(bytes): every line is parsed once whatever the number of mappings, each
/// enabled mapping's trigger runs on the parsed line, and matching mappings append their event to the
/// slice's output buffer. Allocation per slice: its output buffer and parser state; none per line on
/// the preset's common path.
public struct ChunkMapper: Sendable {
    /// The enabled mappings' plans; `EventOrigin.plan` indexes this.
    let plans: [EventPlan]
    let builder: EventBuilder
    let maximumLineBytes: Int
    let parallelism: Int

    public init(mappings: [CompiledMapping], rules: EventRules, maximumLineBytes: Int, parallelism: Int) {
        self.plans = mappings.filter(\.enabled).map(EventPlan.init)
        self.builder = EventBuilder(rules: rules)
        self.maximumLineBytes = maximumLineBytes
        self.parallelism = max(1, parallelism)
    }

    /// Maps every chunk; returns, per chunk, its slice results in order.
    public func map(_ chunks: [LineChunk]) -> [[SliceResult]] {
        // Slice boundaries: about `parallelism` slices per chunk, cut after a newline.
        var planned: [(chunk: Int, range: Range<Int>)] = []
        for (index, chunk) in chunks.enumerated() {
            // Slices of about 256 KiB: many more iterations than threads, so concurrentPerform balances
            // the work and the batch does not wait long for its slowest slice.
            let parts = max(parallelism == 1 ? 1 : 2, chunk.count / Self.sliceBytes)
            for range in Self.slices(of: chunk.buffer, parts: parallelism == 1 ? 1 : parts) {
                planned.append((index, range))
            }
        }
        let work = planned
        let results = UnsafeMutableBufferPointer<SliceResult>.allocate(capacity: work.count)
        results.initialize(repeating: SliceResult())
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let shared = UncheckedBox(results)
        if parallelism == 1 {
            // `--threads 1` means one thread: no worker pool at all.
            for index in work.indices { results[index] = mapSlice(chunks[work[index].chunk].buffer, work[index].range) }
        } else {
            DispatchQueue.concurrentPerform(iterations: work.count) { index in
                let item = work[index]
                shared.value[index] = mapSlice(chunks[item.chunk].buffer, item.range)
            }
        }
        var grouped: [[SliceResult]] = Array(repeating: [], count: chunks.count)
        for (index, item) in work.enumerated() {
            grouped[item.chunk].append(results[index])
        }
        return grouped
    }

    static let sliceBytes = 256 << 10

    /// Cuts `buffer` into up to `parts` ranges, each ending just after a newline (or at the end).
    static func slices(of buffer: ByteBuffer, parts: Int) -> [Range<Int>] {
        let count = buffer.count
        guard parts > 1, count > 64 * 1024 else { return [0..<count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for part in 1..<parts {
            let target = count * part / parts
            guard target > start else { continue }
            guard let found = memchr(buffer.base + target, 0x0A, count - target) else { break }
            let end = buffer.base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            ranges.append(start..<end)
            start = end
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }

    /// Maps the lines in `range` of `buffer`.
    func mapSlice(_ buffer: ByteBuffer, _ range: Range<Int>) -> SliceResult {
        var result = SliceResult()
        result.events.reserveCapacity(range.count / 2)
        var parser = JSONLineParser()
        var document = JSONDocument()
        let base = UnsafePointer(buffer.base)
        var position = range.lowerBound
        let end = range.upperBound
        var lineIndex = -1
        while position < end {
            lineIndex += 1
            let lineStart = position
            var lineEnd: Int
            if let found = memchr(base + position, 0x0A, end - position) {
                lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                position = lineEnd + 1
            } else {
                lineEnd = end
                position = end
            }
            result.lines += 1
            // Blank (whitespace-only, including a lone \r) lines are skipped silently.
            var first = lineStart
            while first < lineEnd, base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D { first += 1 }
            if first == lineEnd {
                result.blankLines += 1
                continue
            }
            if lineEnd - lineStart > maximumLineBytes {
                result.rejects.append(
                    PendingReject(
                        lineInSlice: lineIndex, lineRange: lineStart..<lineEnd, mapping: nil,
                        reason: Self.overlongReason(length: lineEnd - lineStart, limit: maximumLineBytes),
                        category: Self.overlongCategory, record: nil))
                continue
            }
            let bytes = JSONBytes(base: base + lineStart, count: lineEnd - lineStart)
            do {
                try parser.parse(bytes, into: &document)
            } catch {
                result.rejects.append(
                    PendingReject(
                        lineInSlice: lineIndex, lineRange: lineStart..<lineEnd, mapping: nil, reason: error.description,
                        category: Self.invalidJSONCategory, record: nil))
                continue
            }
            guard document.root.kind == .object else {
                result.rejects.append(
                    PendingReject(
                        lineInSlice: lineIndex, lineRange: lineStart..<lineEnd, mapping: nil,
                        reason: "the line is \(document.root.kind.articleName), not a JSON object",
                        category: Self.notAnObjectCategory, record: Self.chunkSpan(document.root, lineStart)))
                continue
            }
            var matched = false
            // Indexing borrows each plan; `enumerated()` copied it (a retain and release per plan per line).
            for planIndex in plans.indices where plans[planIndex].matches(document) {
                let plan = plans[planIndex]
                matched = true
                if let rejection = builder.append(plan, document, to: &result.events) {
                    result.rejects.append(
                        PendingReject(
                            lineInSlice: lineIndex, lineRange: lineStart..<lineEnd, mapping: plan.mapping.name,
                            reason: rejection.reason, category: rejection.category,
                            record: Self.chunkSpan(document.root, lineStart)))
                } else {
                    result.eventsWritten += 1
                    result.eventOrigins.append(EventOrigin(lineInSlice: Int32(lineIndex), plan: Int32(planIndex)))
                }
            }
            if !matched { result.eventsSkipped += 1 }
        }
        return result
    }

    /// A span of the line moved to chunk offsets.
    static func chunkSpan(_ span: JSONSpan, _ lineStart: Int) -> JSONSpan {
        JSONSpan(start: span.start + lineStart, end: span.end + lineStart, kind: span.kind, flags: span.flags)
    }

    static let invalidJSONCategory = "The line is not valid JSON."
    static let notAnObjectCategory = "The line is not a JSON object."
    static let overlongCategory = "The line is longer than --max-line-bytes."
    static let damagedCategory = "The line was cut short by damaged or truncated gzip data."

    static func overlongReason(length: Int, limit: Int) -> String {
        "the line is \(length) bytes long, over the --max-line-bytes limit of \(limit); it was skipped without being parsed"
    }
}

/// Lets `concurrentPerform` workers write disjoint slots of one buffer.
private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
