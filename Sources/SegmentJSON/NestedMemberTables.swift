/// Member tables of objects nested in the current line, each built on the first lookup into it.
///
/// A member lookup in an object must scan the whole object (the last duplicate key wins, as with
/// `JSON.parse`), skipping every value. A mapping that reads several fields of `properties` or
/// `context`, or several mappings reading the same ones, scanned the object once per field: that was
/// 15% of a realistic 5-mapping run. The first lookup into an object now records its members' key
/// spans and value offsets (one scan, what one uncached lookup costs) and later lookups into it only
/// compare keys. `reset()` (called by the parser for each line) forgets them.
///
/// Up to `maximumObjects` objects per line are tabled; lookups into further objects scan as before.
/// Storage grows to the widest line seen and is then reused: no allocation per line.
@usableFromInline
final class NestedMemberTables {
    /// Objects tabled per line; mappings read a handful (`properties`, `context`, `traits`, ...).
    static let maximumObjects = 8

    private let objectStarts: UnsafeMutablePointer<Int>
    private let firstMembers: UnsafeMutablePointer<Int>
    private let memberCounts: UnsafeMutablePointer<Int>
    private var objects = 0

    private var keys: UnsafeMutablePointer<JSONSpan>
    private var valueStarts: UnsafeMutablePointer<Int>
    private var members = 0
    private var capacity = 64

    init() {
        objectStarts = .allocate(capacity: Self.maximumObjects)
        firstMembers = .allocate(capacity: Self.maximumObjects)
        memberCounts = .allocate(capacity: Self.maximumObjects)
        keys = .allocate(capacity: capacity)
        valueStarts = .allocate(capacity: capacity)
    }

    deinit {
        objectStarts.deallocate()
        firstMembers.deallocate()
        memberCounts.deallocate()
        keys.deallocate()
        valueStarts.deallocate()
    }

    /// Forgets the tables of the previous line. O(1).
    func reset() {
        objects = 0
        members = 0
    }

    /// The value of member `key` (unescaped UTF-8) of `object`, a validated object of `bytes`; the last
    /// occurrence wins. O(members × key length) once the object is tabled; the first lookup into an
    /// object also scans it, O(its size). No allocation unless a key holds escapes or storage grows.
    func member(_ bytes: JSONBytes, in object: JSONSpan, _ key: UnsafeRawBufferPointer) -> JSONSpan? {
        var slot = -1
        for candidate in 0..<objects where objectStarts[candidate] == object.start {
            slot = candidate
            break
        }
        if slot < 0 {
            guard objects < Self.maximumObjects else { return JSONNavigator.member(bytes, in: object, key: key) }
            slot = table(bytes, object)
        }
        let first = firstMembers[slot]
        var index = first + memberCounts[slot] - 1
        while index >= first {
            if JSONNavigator.keyEquals(bytes, keys[index], key) {
                return JSONNavigator.value(bytes, at: valueStarts[index])
            }
            index -= 1
        }
        return nil
    }

    /// Records the members of `object` and returns its slot. O(object size).
    private func table(_ bytes: JSONBytes, _ object: JSONSpan) -> Int {
        let slot = objects
        objects += 1
        objectStarts[slot] = object.start
        firstMembers[slot] = members
        JSONNavigator.forEachMemberStart(bytes, in: object) { key, valueStart in append(key, valueStart: valueStart) }
        memberCounts[slot] = members - firstMembers[slot]
        return slot
    }

    private func append(_ key: JSONSpan, valueStart: Int) {
        if members == capacity { grow() }
        keys[members] = key
        valueStarts[members] = valueStart
        members += 1
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newKeys = UnsafeMutablePointer<JSONSpan>.allocate(capacity: newCapacity)
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newKeys.moveInitialize(from: keys, count: members)
        newStarts.moveInitialize(from: valueStarts, count: members)
        keys.deallocate()
        valueStarts.deallocate()
        keys = newKeys
        valueStarts = newStarts
        capacity = newCapacity
    }
}
