/// The location and type of one validated JSON value inside a line.
///
/// `flags` carries facts the parser learnt for free while validating, so later stages need not scan
/// again: whether a string holds escapes, and whether a container is already in canonical
/// `JSON.stringify` form (compact, canonical escapes, no integer-like keys) and can be copied as raw bytes.
public struct JSONSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var kind: JSONKind
    public var flags: UInt8

    /// The string contains at least one backslash escape.
    public static let hasEscapes: UInt8 = 1
    /// The value is not byte-identical to its `JSON.stringify` form (whitespace, a non-canonical
    /// escape, or an integer-like key whose position JavaScript would change).
    public static let needsRewrite: UInt8 = 2

    @inlinable
    public init(start: Int, end: Int, kind: JSONKind, flags: UInt8 = 0) {
        self.start = start
        self.end = end
        self.kind = kind
        self.flags = flags
    }

    @inlinable public var range: Range<Int> { start..<end }
    @inlinable public var hasEscapes: Bool { flags & JSONSpan.hasEscapes != 0 }
    @inlinable public var needsRewrite: Bool { flags & JSONSpan.needsRewrite != 0 }
}
