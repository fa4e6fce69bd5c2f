import Foundation

/// A bounded free list of chunk-sized `ByteBuffer`s, shared by the readers (which take) and the
/// writer (which gives back once a chunk is fully written).
///
/// Recycling keeps the pipeline from allocating a fresh megabyte per chunk: that churn costs page
/// faults and, with one malloc arena per thread, lets fragmentation grow peak memory with run length.
public final class ByteBufferPool: @unchecked Sendable {
    /// The capacity of pooled buffers; buffers of any other size are not kept.
    public let bufferCapacity: Int
    private let limit: Int
    private let lock = NSLock()
    private var free: [ByteBuffer] = []

    public init(bufferCapacity: Int, limit: Int) {
        self.bufferCapacity = bufferCapacity
        self.limit = limit
    }

    /// An empty buffer of `bufferCapacity` bytes, recycled when one is available.
    public func take() -> ByteBuffer {
        lock.lock()
        let buffer = free.popLast()
        lock.unlock()
        if let buffer {
            buffer.count = 0
            return buffer
        }
        return ByteBuffer(capacity: bufferCapacity)
    }

    /// Returns a buffer nobody uses any more. O(1).
    public func give(_ buffer: ByteBuffer) {
        guard buffer.capacity == bufferCapacity else { return }
        lock.lock()
        if free.count < limit { free.append(buffer) }
        lock.unlock()
    }
}
