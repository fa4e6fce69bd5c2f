/// An owned JSON value, for what the engine has to build: mapping-file literals, directive results,
/// rejected records. Event data read by mappings stays in the line as `JSONSpan`s instead.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var kind: JSONKind {
        switch self {
        case .null: return .null
        case .bool(let b): return b ? .true : .false
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }
}

/// A JSON number that keeps the spelling it was read with, so that passing it through never changes it.
public struct JSONNumber: Sendable, Equatable {
    /// The number as written (valid JSON number syntax).
    public var text: String
    /// The IEEE-754 double `JSON.parse` would produce.
    public var value: Double

    public init(text: String) {
        self.text = text
        var copy = text
        self.value = copy.withUTF8 { JavaScriptNumber.parse(UnsafeRawBufferPointer($0)) }
    }

    /// A number computed by the product, written as JavaScript's `Number.prototype.toString()`.
    public init(_ value: Double) {
        self.value = value
        self.text = JavaScriptNumber.string(value)
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool { lhs.value == rhs.value }
}

/// A JSON object with JavaScript's key semantics: setting an existing key keeps its position, and
/// serialisation puts integer-like keys first in ascending order (SEMANTICS 0.1).
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> JSONValue? {
        get { keys.lastIndex(of: key).map { values[$0] } }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Members in JavaScript enumeration order.
    public var orderedMembers: [(key: String, value: JSONValue)] {
        let pairs = zip(keys, values).map { (key: $0, value: $1) }
        let integerLike = pairs.compactMap { pair in JSONObject.integerValue(pair.key).map { ($0, pair) } }
        if integerLike.isEmpty { return pairs }
        let sortedIntegers = integerLike.sorted { $0.0 < $1.0 }.map(\.1)
        return sortedIntegers + pairs.filter { JSONObject.integerValue($0.key) == nil }
    }

    /// The integer value of an integer-like key (canonical decimal in 0 ... 4294967294), else nil.
    public static func integerValue(_ key: String) -> UInt64? {
        integerValue(utf8: key.utf8)
    }

    /// The same for a key's UTF-8 bytes. O(key length), no allocation.
    public static func integerValue<Bytes: Collection<UInt8>>(utf8 key: Bytes) -> UInt64? {
        guard !key.isEmpty, key.count <= 10 else { return nil }
        if key.count > 1 && key.first == UInt8(ascii: "0") { return nil }
        var value: UInt64 = 0
        for byte in key {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value <= 4_294_967_294 ? value : nil
    }
}

extension JSONValue {
    /// Builds an owned value from a validated span (recursion depth bounded by
    /// `JSONLineParser.maximumDepth`). Allocates.
    public init(_ bytes: JSONBytes, _ span: JSONSpan) {
        switch span.kind {
        case .null: self = .null
        case .true: self = .bool(true)
        case .false: self = .bool(false)
        case .number:
            self = .number(JSONNumber(text: String(decoding: bytes.slice(span.range), as: UTF8.self)))
        case .string: self = .string(JSONStringDecoder.string(bytes, span))
        case .array:
            var elements: [JSONValue] = []
            JSONNavigator.forEachElement(bytes, in: span) { _, element in
                elements.append(JSONValue(bytes, element))
                return true
            }
            self = .array(elements)
        case .object:
            var object = JSONObject()
            JSONNavigator.forEachMember(bytes, in: span) { key, value in
                let name = JSONStringDecoder.string(
                    bytes, JSONSpan(start: key.start - 1, end: key.end + 1, kind: .string, flags: key.flags))
                object[name] = JSONValue(bytes, value)
            }
            self = .object(object)
        }
    }

    /// Parses a complete JSON text (any value, whitespace and newlines allowed).
    public static func parse(_ text: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONLineParser()
        var document = JSONDocument()
        do {
            return try JSONBytes.with(text) { bytes in
                try parser.parse(bytes, into: &document)
                return JSONValue(bytes, document.root)
            }
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            throw JSONSyntaxError(column: 0, reason: "\(error)")
        }
    }

    /// Parses a complete JSON text given as a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The `JSON.stringify` text of the value (numbers keep their spelling).
    public var jsonText: String {
        var out: [UInt8] = []
        JSONOutput.append(self, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
