#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts a stream of decompressed bytes into `LineChunk`s ending on line boundaries.
///
/// The producer writes into `freeSpace` and calls `commit`; full buffers are cut at their last `\n` and
/// emitted, the incomplete tail moving to a fresh buffer. A line longer than `maximumLineBytes` is never
/// held: once the buffered tail exceeds the limit the framer records its prefix and discards bytes until
/// the next `\n`. Memory: at most `chunkSize + maximumLineBytes` bytes per framer.
public struct LineFramer {
    public let chunkSize: Int
    public let maximumLineBytes: Int
    /// The default of `keptPrefixBytes`.
    public static let prefixBytes = 1024
    /// Bytes kept of an overlong or damaged line for the rejects file.
    public let keptPrefixBytes: Int

    private var buffer: ByteBuffer
    private let pool: ByteBufferPool?
    private var atStreamStart = true
    private var skipping = false
    private var skippedLength = 0
    private var skippedPrefix: [UInt8] = []
    private let emit: (ArchiveItem) -> Void

    /// With a `pool` (whose buffers must be `chunkSize` bytes), chunk buffers are recycled.
    public init(
        chunkSize: Int, maximumLineBytes: Int, pool: ByteBufferPool? = nil, keptPrefixBytes: Int = prefixBytes,
        emit: @escaping (ArchiveItem) -> Void
    ) {
        self.chunkSize = max(chunkSize, 64)
        self.maximumLineBytes = max(maximumLineBytes, 1)
        self.keptPrefixBytes = max(0, keptPrefixBytes)
        self.pool = pool?.bufferCapacity == self.chunkSize ? pool : nil
        self.buffer = self.pool?.take() ?? ByteBuffer(capacity: self.chunkSize)
        self.emit = emit
    }

    private func newBuffer(minimumCapacity: Int) -> ByteBuffer {
        if let pool, minimumCapacity <= chunkSize { return pool.take() }
        return ByteBuffer(capacity: max(chunkSize, minimumCapacity))
    }

    /// Space the producer may write into (never empty).
    public mutating func freeSpace() -> UnsafeMutableRawBufferPointer {
        // Inflaters are much slower when handed a few bytes of room at a time (igzip then decodes
        // through its own staging buffer), so a nearly full chunk is cut early.
        if buffer.capacity - buffer.count < min(Self.minimumFreeSpace, chunkSize / 4) { makeRoom() }
        return buffer.freeSpace
    }

    /// The least room handed to a producer while the chunk can still be cut.
    static let minimumFreeSpace = 64 << 10

    /// Records that `count` bytes were written into the last `freeSpace()`.
    public mutating func commit(_ count: Int) {
        guard count > 0 else { return }
        let start = buffer.count
        buffer.count += count
        if atStreamStart && buffer.count >= 3 {
            atStreamStart = false
            if buffer.base[0] == 0xEF && buffer.base[1] == 0xBB && buffer.base[2] == 0xBF {
                (buffer.base).update(from: buffer.base + 3, count: buffer.count - 3)
                buffer.count -= 3
            }
        }
        if skipping { resumeAfterSkip(newDataFrom: max(0, min(start, buffer.count))) }
        if buffer.count == buffer.capacity { makeRoom() }
    }

    /// Emits the remaining bytes at the end of the stream. With `damaged`, an incomplete last line is
    /// reported as a damaged tail instead of being treated as a line.
    public mutating func finish(damaged: Bool) {
        if skipping {
            emit(.overlongLine(prefix: skippedPrefix, length: skippedLength + buffer.count))
            skipping = false
            buffer.count = 0
            return
        }
        guard buffer.count > 0 else { return }
        if damaged {
            let last = lastNewline()
            if let last {
                emitLines(upTo: last + 1)
            }
            if buffer.count > 0 {
                let prefixCount = min(buffer.count, keptPrefixBytes)
                emit(
                    .damagedTail(
                        prefix: Array(UnsafeBufferPointer(start: buffer.base, count: prefixCount)), length: buffer.count
                    ))
                buffer.count = 0
            }
            return
        }
        let full = buffer
        buffer = ByteBuffer(capacity: 1)
        emit(.lines(LineChunk(buffer: full)))
    }

    private func lastNewline() -> Int? {
        var i = buffer.count - 1
        while i >= 0 {
            if buffer.base[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// Emits bytes `0..<end` as a chunk and moves the rest to a new buffer.
    private mutating func emitLines(upTo end: Int) {
        let tail = buffer.count - end
        // Room for the tail plus half a chunk, but never beyond the framer's bound.
        let next = newBuffer(minimumCapacity: min(tail + chunkSize / 2, maximumLineBytes + chunkSize))
        if tail > 0 { next.append(UnsafeRawBufferPointer(start: buffer.base + end, count: tail)) }
        buffer.count = end
        let full = buffer
        buffer = next
        emit(.lines(LineChunk(buffer: full)))
    }

    private mutating func makeRoom() {
        if let last = lastNewline() {
            emitLines(upTo: last + 1)
            return
        }
        // No line end in the whole buffer: one long line.
        if buffer.count > maximumLineBytes {
            skippedPrefix = Array(UnsafeBufferPointer(start: buffer.base, count: min(buffer.count, keptPrefixBytes)))
            skippedLength = buffer.count
            skipping = true
            buffer.count = 0
            return
        }
        let grown = ByteBuffer(capacity: min(buffer.capacity * 2, maximumLineBytes + chunkSize))
        grown.append(UnsafeRawBufferPointer(start: buffer.base, count: buffer.count))
        buffer = grown
    }

    /// While skipping an overlong line, looks for its end in the newly written bytes.
    private mutating func resumeAfterSkip(newDataFrom start: Int) {
        // memchr: a gigabyte-long line is skipped at memory speed, not byte by byte.
        if start < buffer.count, let found = memchr(buffer.base + start, 0x0A, buffer.count - start) {
            let i = buffer.base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            emit(.overlongLine(prefix: skippedPrefix, length: skippedLength + i))
            skipping = false
            skippedPrefix = []
            let rest = buffer.count - (i + 1)
            if rest > 0 { buffer.base.update(from: buffer.base + i + 1, count: rest) }
            buffer.count = rest
            return
        }
        skippedLength += buffer.count
        buffer.count = 0
    }
}
