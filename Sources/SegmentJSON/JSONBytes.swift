/// A borrowed view of one line's bytes, valid only while the caller keeps the underlying buffer alive.
///
/// The pipeline hands each line to the parser and the mapper as a `JSONBytes`; spans (`JSONSpan`) are
/// offsets into it. It is a plain pointer and a count: copying it never copies the bytes.
public struct JSONBytes: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let count: Int

    @inlinable
    public init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable
    public subscript(offset: Int) -> UInt8 {
        base[offset]
    }

    /// The bytes in `range` as a raw buffer (no copy).
    @inlinable
    public func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Copies the bytes in `range` into a new array (allocates).
    public func copyBytes(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }
}

extension JSONBytes {
    /// Runs `body` with a `JSONBytes` view of `array`; the view must not escape `body`.
    public static func with<R>(_ array: [UInt8], _ body: (JSONBytes) throws -> R) rethrows -> R {
        try array.withUnsafeBufferPointer { buffer in
            // An empty array may have a nil base address; point at a static byte instead.
            guard let base = buffer.baseAddress else {
                return try withUnsafePointer(to: UInt8(0)) { try body(JSONBytes(base: $0, count: 0)) }
            }
            return try body(JSONBytes(base: base, count: buffer.count))
        }
    }
}
