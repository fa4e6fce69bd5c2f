import SegmentJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `Trigger` flattened into one block of plain nodes and bytes, evaluated without reference counting.
///
/// `Trigger` is the parsed tree: an indirect enum of arrays, whose evaluation retained and released a
/// box or an array at every node and field segment (about 10% of a 5-mapping run in `perf`). This form
/// is built once per mapping and holds every node, field segment and literal in three buffers that
/// `matches(_:)` reads through unsafe pointers: O(bytes of the fields the trigger reads) per event,
/// no allocation unless a string it reads holds escapes (that string is then decoded into a copy).
///
/// The unsafe code of trigger evaluation is confined to this type; its buffers are immutable after
/// `init`, so sharing one instance between worker threads is safe.
public final class CompiledTrigger: @unchecked Sendable {
    /// One node of the tree; children of `all`/`any`/`not` are contiguous in `children`.
    struct Node {
        enum Operation: UInt8 {
            case all, any, not, compare, contains, match
        }
        enum LiteralKind: UInt8 {
            case string, number, bool, null
        }

        var operation: Operation
        /// `contains`/`match`: bit 0 set when negated; `match`: bit 1 set for a prefix pattern.
        var flags: UInt8 = 0
        /// `compare`: the operator.
        var comparison: TriggerOperator = .equal
        var literalKind: LiteralKind = .null
        var boolean = false
        /// `all`/`any`/`not`: first index into `children`; leaves: the field's first segment.
        var first: Int32 = 0
        /// `all`/`any`/`not`: number of children; leaves: number of field segments.
        var count: Int32 = 0
        /// Leaves: the literal, needle or pattern bytes in `bytes`.
        var bytesStart: Int32 = 0
        var bytesEnd: Int32 = 0
        var number: Double = 0
    }

    /// One segment of a field path: its key bytes in `bytes` and its value as an array index (or -1).
    struct Segment {
        var keyStart: Int32
        var keyEnd: Int32
        var index: Int32
    }

    private let nodes: UnsafeMutableBufferPointer<Node>
    private let children: UnsafeMutableBufferPointer<Int32>
    private let segments: UnsafeMutableBufferPointer<Segment>
    private let bytes: UnsafeMutableRawBufferPointer

    /// Flattens `trigger`. O(size of the trigger).
    public init(_ trigger: Trigger) {
        var builder = Builder()
        _ = builder.add(trigger)
        nodes = .allocate(capacity: builder.nodes.count)
        _ = nodes.initialize(from: builder.nodes)
        children = .allocate(capacity: max(builder.children.count, 1))
        _ = children.initialize(from: builder.children)
        segments = .allocate(capacity: max(builder.segments.count, 1))
        _ = segments.initialize(from: builder.segments)
        bytes = .allocate(byteCount: max(builder.bytes.count, 1), alignment: 1)
        builder.bytes.withUnsafeBytes { bytes.copyMemory(from: $0) }
    }

    deinit {
        nodes.deallocate()
        children.deallocate()
        segments.deallocate()
        bytes.deallocate()
    }

    /// Whether the event matches (SEMANTICS 5.4). The root node is the first one.
    public func matches(_ document: JSONDocument) -> Bool {
        matches(node: 0, document)
    }

    private func matches(node index: Int, _ document: JSONDocument) -> Bool {
        let node = nodes[index]
        switch node.operation {
        case .all:
            for child in Int(node.first)..<Int(node.first + node.count)
            where !matches(node: Int(children[child]), document) {
                return false
            }
            return true
        case .any:
            for child in Int(node.first)..<Int(node.first + node.count)
            where matches(node: Int(children[child]), document) {
                return true
            }
            return false
        case .not:
            return !matches(node: Int(children[Int(node.first)]), document)
        case .compare:
            return compare(lookup(node, document), document.bytes, node)
        case .contains:
            guard let span = lookup(node, document), span.kind == .string else { return false }
            let needle = literal(node)
            // UTF-8 is self-synchronising, so a byte match is a match of whole characters.
            let found = Self.withContent(document.bytes, span) { Self.occurs(needle, in: $0) }
            return node.flags & 1 != 0 ? !found : found
        case .match:
            guard let span = lookup(node, document), span.kind == .string else { return false }
            let text = literal(node)
            let prefix = node.flags & 2 != 0
            let found = Self.withContent(document.bytes, span) { value in
                guard value.count >= text.count else { return false }
                if text.isEmpty { return true }
                let offset = prefix ? 0 : value.count - text.count
                return memcmp(value.baseAddress! + offset, text.baseAddress!, text.count) == 0
            }
            return node.flags & 1 != 0 ? !found : found
        }
    }

    /// The literal, needle or pattern bytes of a leaf.
    private func literal(_ node: Node) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(node.bytesStart)..<Int(node.bytesEnd)])
    }

    /// The leaf's field in the event: descends through objects (last duplicate key wins) and arrays
    /// (canonical non-negative integer segments) only; anything else is missing.
    private func lookup(_ node: Node, _ document: JSONDocument) -> JSONSpan? {
        if node.count == 0 { return nil }
        let first = Int(node.first)
        let end = first + Int(node.count)
        let eventBytes = document.bytes
        let head = segments[first]
        let headKey = UnsafeRawBufferPointer(rebasing: bytes[Int(head.keyStart)..<Int(head.keyEnd)])
        guard var current = document.member(headKey) else { return nil }
        var position = first + 1
        while position < end {
            let segment = segments[position]
            switch current.kind {
            case .object:
                let key = UnsafeRawBufferPointer(rebasing: bytes[Int(segment.keyStart)..<Int(segment.keyEnd)])
                guard let next = document.member(in: current, key) else { return nil }
                current = next
            case .array:
                guard segment.index >= 0,
                    let next = JSONNavigator.element(eventBytes, in: current, at: Int(segment.index))
                else { return nil }
                current = next
            default:
                return nil
            }
            position += 1
        }
        return current
    }

    private func compare(_ actual: JSONSpan?, _ eventBytes: JSONBytes, _ node: Node) -> Bool {
        let op = node.comparison
        switch node.literalKind {
        case .null:
            let isNull = actual == nil || actual?.kind == .null
            return op == .equal ? isNull : !isNull
        case .bool:
            let equal = actual?.kind == (node.boolean ? .true : .false)
            return op == .equal ? equal : !equal
        case .string:
            var equal = false
            if let actual, actual.kind == .string {
                let expected = literal(node)
                if actual.hasEscapes {
                    equal = JSONStringDecoder.decode(eventBytes, actual).withUnsafeBytes { $0.elementsEqual(expected) }
                } else {
                    equal = JSONNavigator.keyEquals(
                        eventBytes, JSONSpan(start: actual.start + 1, end: actual.end - 1, kind: .string), expected)
                }
            }
            return op == .equal ? equal : !equal
        case .number:
            guard let actual, actual.kind == .number else { return false }
            let value = JavaScriptNumber.parse(eventBytes.slice(actual.range))
            let expected = node.number
            switch op {
            case .equal: return value == expected
            case .notEqual: return value != expected
            case .less: return value < expected
            case .lessOrEqual: return value <= expected
            case .greater: return value > expected
            case .greaterOrEqual: return value >= expected
            }
        }
    }

    /// Whether `needle` occurs in `haystack` (true for an empty needle). O(n·m) at worst, memchr to
    /// each candidate first byte; no allocation.
    static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        let count = needle.count
        if count == 0 { return true }
        guard haystack.count >= count, let base = haystack.baseAddress, let target = needle.baseAddress else {
            return false
        }
        let last = base + (haystack.count - count)
        var cursor = base
        while cursor <= last {
            guard let hit = memchr(cursor, Int32(needle[0]), last - cursor + 1) else { return false }
            if memcmp(hit, target, count) == 0 { return true }
            cursor = UnsafeRawPointer(hit) + 1
        }
        return false
    }

    /// Calls `body` with a string value's UTF-8 content: the bytes between its quotes when it holds no
    /// escapes (no copy, the common case), else its decoded copy.
    private static func withContent(
        _ bytes: JSONBytes, _ span: JSONSpan, _ body: (UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        if !span.hasEscapes { return body(bytes.slice(span.start + 1..<span.end - 1)) }
        return JSONStringDecoder.decode(bytes, span).withUnsafeBytes(body)
    }

    /// Collects the flat form, children after their parent (the root is node 0).
    private struct Builder {
        var nodes: [Node] = []
        var children: [Int32] = []
        var segments: [Segment] = []
        var bytes: [UInt8] = []

        mutating func add(_ trigger: Trigger) -> Int32 {
            let index = Int32(nodes.count)
            switch trigger {
            case .all(let terms): addBranch(.all, terms, at: index)
            case .any(let terms): addBranch(.any, terms, at: index)
            case .not(let inner): addBranch(.not, [inner], at: index)
            case .compare(let field, let op, let literal):
                var node = leaf(.compare, field)
                node.comparison = op
                switch literal {
                case .string(let text):
                    node.literalKind = .string
                    (node.bytesStart, node.bytesEnd) = store(text)
                case .number(let value):
                    node.literalKind = .number
                    node.number = value
                case .bool(let value):
                    node.literalKind = .bool
                    node.boolean = value
                case .null:
                    node.literalKind = .null
                }
                nodes.append(node)
            case .contains(let field, let needle, let negated):
                var node = leaf(.contains, field)
                node.flags = negated ? 1 : 0
                (node.bytesStart, node.bytesEnd) = store(needle)
                nodes.append(node)
            case .match(let field, let prefix, let text, let negated):
                var node = leaf(.match, field)
                node.flags = (negated ? 1 : 0) | (prefix ? 2 : 0)
                (node.bytesStart, node.bytesEnd) = store(text)
                nodes.append(node)
            }
            return index
        }

        /// Appends a branch node, then its children, then records the children's indexes.
        private mutating func addBranch(_ operation: Node.Operation, _ terms: [Trigger], at index: Int32) {
            nodes.append(Node(operation: operation))
            let childIndexes = terms.map { add($0) }
            nodes[Int(index)].first = Int32(children.count)
            nodes[Int(index)].count = Int32(childIndexes.count)
            children.append(contentsOf: childIndexes)
        }

        private mutating func leaf(_ operation: Node.Operation, _ field: TriggerField) -> Node {
            var node = Node(operation: operation)
            node.first = Int32(segments.count)
            node.count = Int32(field.segments.count)
            for (position, key) in field.segments.enumerated() {
                let (start, end) = store(key)
                segments.append(
                    Segment(
                        keyStart: start, keyEnd: end, index: field.indexes[position].map { Int32(clamping: $0) } ?? -1))
            }
            return node
        }

        private mutating func store(_ text: [UInt8]) -> (Int32, Int32) {
            let start = Int32(bytes.count)
            bytes.append(contentsOf: text)
            return (start, Int32(bytes.count))
        }
    }
}
