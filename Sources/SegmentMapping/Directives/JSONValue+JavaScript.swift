import SegmentJSON

extension JSONValue {
    /// Upstream's `realTypeOf` name: `string`, `number`, `boolean`, `null`, `array`, `object`. O(1).
    var javaScriptType: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// JavaScript truthiness: `null`, `false`, `0`, `-0`, `NaN` and `""` are falsy. O(1).
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let number): return number.value != 0 && !number.value.isNaN
        case .string(let string): return !string.isEmpty
        case .array, .object: return true
        }
    }

    /// Appends the JavaScript string form (`String(value)`, SEMANTICS 0.1): numbers as
    /// `Number.prototype.toString()`, objects as `[object Object]`, arrays joined with `,` with `null`
    /// elements as `""`. `null` itself appends nothing (callers map it to `""`). O(size of the value).
    func appendJavaScriptString(to out: inout [UInt8]) {
        switch self {
        case .null: break
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): JavaScriptNumber.append(number.value, to: &out)
        case .string(let string): out.append(contentsOf: string.utf8)
        case .object: out.append(contentsOf: "[object Object]".utf8)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.appendJavaScriptString(to: &out)
            }
        }
    }

    /// Whether `String(value)` of an array is `""` (`[]`, `[null]`, `[""]`, `[[]]`), without building it.
    static func arrayJoinsToEmpty(_ elements: [JSONValue]) -> Bool {
        switch elements.count {
        case 0: return true
        case 1:
            switch elements[0] {
            case .null: return true
            case .string(let string): return string.isEmpty
            case .array(let inner): return arrayJoinsToEmpty(inner)
            default: return false
            }
        default: return false
        }
    }

    /// The member `key` given as UTF-8 bytes (a compiled path segment), without building a `String`.
    /// O(members × key length).
    func member(utf8 key: [UInt8]) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        let keys = object.keys
        var index = keys.count - 1
        while index >= 0 {
            if keys[index].utf8.elementsEqual(key) { return object.values[index] }
            index -= 1
        }
        return nil
    }
}
