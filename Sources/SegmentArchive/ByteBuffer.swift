/// A fixed-capacity, manually managed byte buffer: the one place this module owns raw memory.
///
/// Chunks of decompressed data live in a `ByteBuffer` so the inflater can write straight into them and
/// a chunk can be handed to the mapper without a copy. Not thread-safe; ownership moves with the chunk.
public final class ByteBuffer: @unchecked Sendable {
    public let base: UnsafeMutablePointer<UInt8>
    public let capacity: Int
    /// Bytes in use, from `base`.
    @exclusivity(unchecked) public var count: Int = 0

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        self.base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The unused tail of the buffer.
    public var freeSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + count, count: capacity - count)
    }

    /// Appends bytes; the caller guarantees they fit.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= capacity - count, "ByteBuffer overflow")
        if bytes.count > 0 {
            (base + count).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        count += bytes.count
    }

    /// The bytes in use.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
