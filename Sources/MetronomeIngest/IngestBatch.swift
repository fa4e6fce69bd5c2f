/// A request's worth of events, in the order they were produced: the body is built as events are
/// added, so sending the whole batch copies nothing.
///
/// Batches are formed deterministically from a file's events (`sequence` counts them per file), so a
/// later run can tell which batches of a file were acknowledged.
public struct IngestBatch: Sendable {
    /// Where an event came from, for its rejects-file line.
    public struct Origin: Sendable, Equatable {
        /// The input file's index in the run.
        public var file: Int
        /// The 1-based line in that file the event was produced from.
        public var line: Int
        /// The mapping that produced it (nil for `upload`).
        public var mapping: String?
        /// Its position in the file for the ledger: `line << 16 | k` for the k-th event of the line.
        public var position: Int64

        public init(file: Int, line: Int, mapping: String? = nil, position: Int64? = nil) {
            self.file = file
            self.line = line
            self.mapping = mapping
            self.position = position ?? Int64(line) << 16
        }
    }

    /// The input file these events came from.
    public let file: Int
    /// The batch's position among its file's batches, from 0.
    public let sequence: Int
    /// `[e1,e2,...]`, the request body, without the closing `]` while the batch is open.
    private(set) var body: [UInt8] = [UInt8(ascii: "[")]
    /// Each event's byte range in `body`.
    public private(set) var ranges: [Range<Int>] = []
    public private(set) var origins: [Origin] = []

    public init(file: Int, sequence: Int) {
        self.file = file
        self.sequence = sequence
    }

    public var count: Int { ranges.count }
    public var isEmpty: Bool { ranges.isEmpty }

    /// Appends one event's JSON (no trailing newline).
    mutating func append(_ event: UnsafeRawBufferPointer, origin: Origin) {
        if !ranges.isEmpty { body.append(UInt8(ascii: ",")) }
        let start = body.count
        body.append(contentsOf: event)
        ranges.append(start..<body.count)
        origins.append(origin)
    }

    /// The event at `index` as bytes.
    public func event(_ index: Int) -> ArraySlice<UInt8> { body[ranges[index]] }

    /// The request body for events `range` (all of them by default). O(1) extra work for the whole
    /// batch beyond one copy; O(bytes) for a part.
    public func requestBody(_ range: Range<Int>? = nil) -> [UInt8] {
        let range = range ?? 0..<count
        if range == 0..<count {
            var whole = body
            whole.append(UInt8(ascii: "]"))
            return whole
        }
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(ranges[range.upperBound - 1].upperBound - ranges[range.lowerBound].lowerBound + 2)
        for index in range {
            if index > range.lowerBound { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: body[ranges[index]])
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}
