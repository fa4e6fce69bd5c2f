/// One parsed line: its bytes and the spans of its top-level members, in document order.
///
/// A `JSONDocument` is reused from line to line by one worker (`JSONLineParser.parse` clears and refills
/// it), so parsing allocates nothing once its member storage has grown to the widest line seen.
public struct JSONDocument: @unchecked Sendable {
    /// The line the spans point into. Only valid during the current line's processing.
    public internal(set) var bytes: JSONBytes
    /// The span of the whole top-level value.
    public internal(set) var root: JSONSpan
    /// Key spans (the quoted key, quotes excluded) of the top-level members.
    public internal(set) var keys: [JSONSpan] = []
    /// Value spans of the top-level members, parallel to `keys`.
    public internal(set) var values: [JSONSpan] = []

    public init() {
        self.bytes = JSONBytes(base: JSONDocument.emptyByte, count: 0)
        self.root = JSONSpan(start: 0, end: 0, kind: .null)
        keys.reserveCapacity(32)
        values.reserveCapacity(32)
    }

    nonisolated(unsafe) private static let emptyByte: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    /// The value of top-level member `key` (UTF-8 bytes, unescaped); the **last** occurrence wins, as with
    /// `JSON.parse`. O(members × key length), no allocation unless a key holds escapes.
    @inlinable
    public func member(_ key: UnsafeRawBufferPointer) -> JSONSpan? {
        var index = keys.count - 1
        while index >= 0 {
            if JSONNavigator.keyEquals(bytes, keys[index], key) { return values[index] }
            index -= 1
        }
        return nil
    }

    /// Convenience for tests and cold paths.
    public func member(_ key: String) -> JSONSpan? {
        var key = key
        return key.withUTF8 { member(UnsafeRawBufferPointer($0)) }
    }
}
