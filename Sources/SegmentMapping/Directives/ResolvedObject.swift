import SegmentJSON

/// An object built during resolution, with JavaScript's key semantics: setting an existing key keeps
/// its position, and enumeration puts integer-like keys first in ascending order (SEMANTICS 0.1).
///
/// Members may be `Resolved.missing` (a key whose value is `undefined`), which `Object.assign` and
/// object spread copy like any other value.
struct ResolvedObject: Sendable {
    private(set) var keys: [String] = []
    private(set) var values: [Resolved] = []

    init() {}

    init(minimumCapacity: Int) {
        keys.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
    }

    var count: Int { keys.count }

    /// The member `key`, or nil when the object has no such key. O(count).
    subscript(key: String) -> Resolved? {
        keys.firstIndex(of: key).map { values[$0] }
    }

    /// The member whose key has the UTF-8 bytes `key` (a compiled path segment), without building a
    /// `String`. O(count × key length).
    func member(utf8 key: [UInt8]) -> Resolved? {
        keys.firstIndex { $0.utf8.elementsEqual(key) }.map { values[$0] }
    }

    /// Sets `key`, keeping the position of an existing key (JavaScript assignment). O(count).
    mutating func set(_ key: String, _ value: Resolved) {
        if let index = keys.firstIndex(of: key) {
            values[index] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }

    /// Appends a member known not to be present yet (keys of a fresh object taken from a deduplicated
    /// source). O(1) amortised.
    mutating func appendNew(_ key: String, _ value: Resolved) {
        keys.append(key)
        values.append(value)
    }

    /// Member indexes in JavaScript enumeration order: integer-like keys ascending, then the rest in
    /// insertion order. Allocates the index array only when an integer-like key is present.
    var enumerationOrder: [Int] {
        var integers: [(index: Int, value: UInt64)] = []
        for (index, key) in keys.enumerated() {
            if let value = JSONObject.integerValue(key) { integers.append((index, value)) }
        }
        if integers.isEmpty { return Array(keys.indices) }
        integers.sort { $0.value < $1.value }
        var order = integers.map(\.index)
        for index in keys.indices where JSONObject.integerValue(keys[index]) == nil { order.append(index) }
        return order
    }
}
