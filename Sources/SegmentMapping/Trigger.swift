import SegmentJSON

/// A compiled subscription (SEMANTICS 5.4): decides whether an event is sent to a mapping.
///
/// Parsed once by `TriggerParser`; `matches(_:)` runs per event, walking only the fields it names.
public indirect enum Trigger: Sendable {
    case all([Trigger])
    case any([Trigger])
    case not(Trigger)
    case compare(TriggerField, TriggerOperator, TriggerLiteral)
    /// `contains(f, "s")`; `negated` is the `!contains` form (false when the field is not a string).
    case contains(TriggerField, [UInt8], negated: Bool)
    /// `match(f, "p*")` / `match(f, "*p")`; `negated` for `!match`.
    case match(TriggerField, prefix: Bool, [UInt8], negated: Bool)
}

/// A field a trigger reads: top-level `type`/`event`/`name`/`userId`, or a path under `properties`,
/// `traits` or `context`.
public struct TriggerField: Sendable, Equatable {
    public let name: String
    public let segments: [[UInt8]]

    public init(segments: [String]) {
        self.name = segments.joined(separator: ".")
        self.segments = segments.map { Array($0.utf8) }
    }
}

public enum TriggerOperator: String, Sendable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

public enum TriggerLiteral: Sendable, Equatable {
    case string([UInt8])
    case number(Double)
    case bool(Bool)
    case null
}

extension Trigger {
    /// The preset's subscription, `type = "track"`.
    public static let trackEvents = Trigger.compare(
        TriggerField(segments: ["type"]), .equal, .string(Array("track".utf8)))

    /// Whether the event matches. Allocation-free unless compared strings hold escapes.
    public func matches(_ document: JSONDocument) -> Bool {
        switch self {
        case .all(let terms):
            for term in terms where !term.matches(document) { return false }
            return true
        case .any(let terms):
            for term in terms where term.matches(document) { return true }
            return false
        case .not(let inner):
            return !inner.matches(document)
        case .compare(let field, let op, let literal):
            return Self.compare(field.lookup(document), document.bytes, op, literal)
        case .contains(let field, let needle, let negated):
            guard let span = field.lookup(document), span.kind == .string else { return false }
            let haystack = JSONStringDecoder.decode(document.bytes, span)
            let found =
                needle.isEmpty
                || haystack.indices.contains { start in
                    start + needle.count <= haystack.count
                        && haystack[start..<start + needle.count].elementsEqual(needle)
                }
            return negated ? !found : found
        case .match(let field, let prefix, let text, let negated):
            guard let span = field.lookup(document), span.kind == .string else { return false }
            let value = JSONStringDecoder.decode(document.bytes, span)
            let found = prefix ? value.starts(with: text) : value.reversed().starts(with: text.reversed())
            return negated ? !found : found
        }
    }

    static func compare(
        _ actual: JSONSpan?, _ bytes: JSONBytes, _ op: TriggerOperator, _ literal: TriggerLiteral
    ) -> Bool {
        switch literal {
        case .null:
            let isNull = actual == nil || actual?.kind == .null
            return op == .equal ? isNull : !isNull
        case .bool(let expected):
            let equal = actual?.kind == (expected ? .true : .false)
            return op == .equal ? equal : !equal
        case .string(let expected):
            var equal = false
            if let actual, actual.kind == .string {
                if actual.hasEscapes {
                    equal = JSONStringDecoder.decode(bytes, actual) == expected
                } else {
                    equal = expected.withUnsafeBytes { key in
                        JSONNavigator.keyEquals(
                            bytes, JSONSpan(start: actual.start + 1, end: actual.end - 1, kind: .string), key)
                    }
                }
            }
            return op == .equal ? equal : !equal
        case .number(let expected):
            guard let actual, actual.kind == .number else { return false }
            let value = JavaScriptNumber.parse(bytes.slice(actual.range))
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
}

extension TriggerField {
    /// The field's value in the event: descends through objects (last duplicate key wins) and arrays
    /// (canonical non-negative integer segments) only; anything else is missing.
    public func lookup(_ document: JSONDocument) -> JSONSpan? {
        let bytes = document.bytes
        guard let first = segments.first else { return nil }
        guard var current = first.withUnsafeBytes({ document.member($0) }) else { return nil }
        for segment in segments.dropFirst() {
            switch current.kind {
            case .object:
                guard let next = segment.withUnsafeBytes({ JSONNavigator.member(bytes, in: current, key: $0) }) else {
                    return nil
                }
                current = next
            case .array:
                guard let index = JSONObject.integerValue(String(decoding: segment, as: UTF8.self)),
                    let next = JSONNavigator.element(bytes, in: current, at: Int(index))
                else { return nil }
                current = next
            default:
                return nil
            }
        }
        return current
    }
}
