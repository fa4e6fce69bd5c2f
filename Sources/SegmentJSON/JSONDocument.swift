/// One parsed line: its bytes and the spans of its top-level members, in document order.
///
/// A `JSONDocument` is reused from line to line by one worker (`JSONLineParser.parse` clears and
/// refills it), so parsing allocates nothing once its member table has grown to the widest line seen.
/// Copies share the member table: keep one document per worker.
public struct JSONDocument: @unchecked Sendable {
    /// The line the spans point into. Only valid during the current line's processing.
    public internal(set) var bytes: JSONBytes
    /// The span of the whole top-level value.
    public internal(set) var root: JSONSpan
    @usableFromInline let table: MemberTable

    public init() {
        self.bytes = JSONBytes(base: JSONDocument.emptyByte, count: 0)
        self.root = JSONSpan(start: 0, end: 0, kind: .null)
        self.table = MemberTable()
    }

    nonisolated(unsafe) private static let emptyByte: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    /// The number of top-level members (0 unless the root is an object).
    public var memberCount: Int { table.count }

    /// The key span (quotes excluded) of member `index`.
    public func key(at index: Int) -> JSONSpan { table.keys[index] }

    /// The value span of member `index`.
    public func value(at index: Int) -> JSONSpan { table.values[index] }

    /// The value of top-level member `key` (UTF-8 bytes, unescaped); the **last** occurrence wins, as with
    /// `JSON.parse`. O(members × key length), no allocation unless a key holds escapes.
    @inlinable
    public func member(_ key: UnsafeRawBufferPointer) -> JSONSpan? {
        let keys = table.keys
        var index = table.count - 1
        while index >= 0 {
            if JSONNavigator.keyEquals(bytes, keys[index], key) { return table.values[index] }
            index -= 1
        }
        return nil
    }

    /// The value of member `key` (UTF-8, unescaped) of `object`, an object span of this line; the
    /// **last** occurrence wins. The root answers from its member table; a nested object from a table
    /// built on the first lookup into it and kept until the next line (`NestedMemberTables`), so
    /// reading several fields of `properties` scans it once. No allocation unless a key holds escapes.
    public func member(in object: JSONSpan, _ key: UnsafeRawBufferPointer) -> JSONSpan? {
        if object.start == root.start && root.kind == .object { return member(key) }
        return table.nested.member(bytes, in: object, key)
    }

    /// Forgets the nested member tables built by `member(in:_:)` for this line, as parsing the next
    /// line does. For benchmarks that evaluate the same parsed line again and again: without it every
    /// evaluation after the first would find its tables built. O(1).
    public func forgetNestedMemberTables() {
        table.nested.reset()
    }

    /// Convenience for tests and cold paths.
    public func member(_ key: String) -> JSONSpan? {
        var key = key
        return key.withUTF8 { member(UnsafeRawBufferPointer($0)) }
    }
}

/// The growable key/value span storage behind a `JSONDocument` (manually managed so that the parser's
/// appends cost a store, not an array uniqueness check).
@usableFromInline
final class MemberTable {
    @exclusivity(unchecked) @usableFromInline var keys: UnsafeMutablePointer<JSONSpan>
    @exclusivity(unchecked) @usableFromInline var values: UnsafeMutablePointer<JSONSpan>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) private var capacity = 32
    /// Tables of nested objects looked into, for the current line.
    let nested = NestedMemberTables()

    init() {
        keys = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always)
    func appendKey(_ span: JSONSpan) {
        if count == capacity { grow() }
        keys[count] = span
    }

    /// Stores the value for the key appended last and completes the member.
    @inline(__always)
    func appendValue(_ span: JSONSpan) {
        values[count] = span
        count += 1
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newKeys = UnsafeMutablePointer<JSONSpan>.allocate(capacity: newCapacity)
        let newValues = UnsafeMutablePointer<JSONSpan>.allocate(capacity: newCapacity)
        newKeys.moveInitialize(from: keys, count: count)
        newValues.moveInitialize(from: values, count: count)
        keys.deallocate()
        values.deallocate()
        keys = newKeys
        values = newValues
        capacity = newCapacity
    }
}
