/// Something the reader hands to the pipeline, in file order.
public enum ArchiveItem: Sendable {
    /// Whole lines: every line ends with `\n` except possibly the last one of the file.
    case lines(LineChunk)
    /// One line longer than the limit; it was skipped without being buffered. `prefix` is its start.
    case overlongLine(prefix: [UInt8], length: Int)
    /// The incomplete last line before the gzip data was damaged or cut short.
    case damagedTail(prefix: [UInt8], length: Int)
}

/// A run of complete lines in a buffer the chunk owns.
public struct LineChunk: Sendable {
    public let buffer: ByteBuffer
    /// Decompressed bytes in the chunk.
    public var count: Int { buffer.count }

    public init(buffer: ByteBuffer) {
        self.buffer = buffer
    }
}
