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
    /// The value is not byte-identical to its `JSON.stringify` form because of whitespace or a
    /// non-canonical escape: a streaming rewrite fixes it.
    public static let needsRewrite: UInt8 = 2
    /// The value holds an integer-like key, whose position JavaScript would change: the members must
    /// be reordered.
    public static let needsReorder: UInt8 = 4

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
    @inlinable public var needsReorder: Bool { flags & JSONSpan.needsReorder != 0 }
}
