import SegmentJSON

/// JavaScript's view of a resolved value: type names, truthiness, string coercion. `bytes` is the
/// event line that spans point into.
extension Resolved {
    /// Upstream's `realTypeOf` name, `undefined` for missing. O(1).
    func javaScriptType(_ bytes: JSONBytes) -> String {
        switch self {
        case .missing: return "undefined"
        case .span(let span):
            switch span.kind {
            case .object: return "object"
            case .array: return "array"
            case .string: return "string"
            case .number: return "number"
            case .true, .false: return "boolean"
            case .null: return "null"
            }
        case .value(let value): return value.javaScriptType
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Whether the value is `undefined` or `null` (JavaScript `value == null`). O(1).
    var isNullOrMissing: Bool {
        switch self {
        case .missing: return true
        case .span(let span): return span.kind == .null
        case .value(let value): return value == .null
        case .array, .object: return false
        }
    }

    /// Whether the value is exactly `null`. O(1).
    var isNull: Bool {
        switch self {
        case .span(let span): return span.kind == .null
        case .value(let value): return value == .null
        default: return false
        }
    }

    /// JavaScript truthiness. O(1) (a number span is parsed).
    func isTruthy(_ bytes: JSONBytes) -> Bool {
        switch self {
        case .missing: return false
        case .span(let span): return !FieldPath.isFalsy(bytes, span)
        case .value(let value): return value.isTruthy
        case .array, .object: return true
        }
    }

    /// Whether the value is a plain object (`realTypeOf(v) === 'object'`). O(1).
    var isObject: Bool {
        switch self {
        case .span(let span): return span.kind == .object
        case .value(let value):
            if case .object = value { return true }
            return false
        case .object: return true
        default: return false
        }
    }

    /// Whether the value is an array. O(1).
    var isArray: Bool {
        switch self {
        case .span(let span): return span.kind == .array
        case .value(let value):
            if case .array = value { return true }
            return false
        case .array: return true
        default: return false
        }
    }

    /// The string, when the value is one. Allocates for a span (small strings are inline).
    func stringValue(_ bytes: JSONBytes) -> String? {
        switch self {
        case .span(let span) where span.kind == .string: return JSONStringDecoder.string(bytes, span)
        case .value(.string(let string)): return string
        default: return nil
        }
    }

    /// Appends the JavaScript string form (SEMANTICS 0.1) as UTF-8; `undefined` and `null` append
    /// nothing, as in `@template` and array joins. O(size of the value); allocates only for escaped
    /// strings and arrays in the line.
    func appendJavaScriptString(_ bytes: JSONBytes, to out: inout [UInt8]) {
        switch self {
        case .missing: break
        case .span(let span): Self.appendJavaScriptString(bytes, span, to: &out)
        case .value(let value): value.appendJavaScriptString(to: &out)
        case .object: out.append(contentsOf: "[object Object]".utf8)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.appendJavaScriptString(bytes, to: &out)
            }
        }
    }

    static func appendJavaScriptString(_ bytes: JSONBytes, _ span: JSONSpan, to out: inout [UInt8]) {
        switch span.kind {
        case .null: break
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .number: JavaScriptNumber.append(JavaScriptNumber.parse(bytes.slice(span.range)), to: &out)
        case .string: JSONStringDecoder.append(bytes, span, to: &out)
        case .object: out.append(contentsOf: "[object Object]".utf8)
        case .array:
            JSONNavigator.forEachElement(bytes, in: span) { index, element in
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendJavaScriptString(bytes, element, to: &out)
                return true
            }
        }
    }

    /// `value != ''` is false: the loose equality `@if blank` uses. True for `""`, `false`, `0`, and
    /// arrays whose string form is empty; never for `undefined`/`null` (callers test those first) or
    /// objects. O(1) except for nested one-element arrays.
    func isLooselyEqualToEmptyString(_ bytes: JSONBytes) -> Bool {
        switch self {
        case .missing, .object: return false
        case .span(let span):
            switch span.kind {
            case .string, .number, .false: return FieldPath.isFalsy(bytes, span)
            case .array:
                var out: [UInt8] = []
                Self.appendJavaScriptString(bytes, span, to: &out)
                return out.isEmpty
            default: return false
            }
        case .value(let value):
            switch value {
            case .string(let string): return string.isEmpty
            case .number(let number): return number.value == 0
            case .bool(let flag): return !flag
            case .array(let elements): return JSONValue.arrayJoinsToEmpty(elements)
            default: return false
            }
        case .array(let elements):
            switch elements.count {
            case 0: return true
            case 1: return elements[0].isNullOrMissing || elements[0].joinsToEmptyElement(bytes)
            default: return false
            }
        }
    }

    /// Whether the value, as a one-element array's only element, makes the join empty.
    private func joinsToEmptyElement(_ bytes: JSONBytes) -> Bool {
        switch self {
        case .missing: return true
        case .span(let span):
            if span.kind == .string { return span.end - span.start == 2 }
            return span.kind == .array && isLooselyEqualToEmptyString(bytes)
        case .value(let value):
            switch value {
            case .null: return true
            case .string(let string): return string.isEmpty
            case .array(let elements): return JSONValue.arrayJoinsToEmpty(elements)
            default: return false
            }
        case .array: return isLooselyEqualToEmptyString(bytes)
        case .object: return false
        }
    }
}
