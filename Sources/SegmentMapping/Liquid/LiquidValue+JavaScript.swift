import SegmentJSON

/// The conversions and comparisons LiquidJS performs on values, with JavaScript's rules.
extension LiquidValue {
    // MARK: Text

    /// LiquidJS `stringify`, used for output and by the string filters: nil → `""`, arrays → elements
    /// stringified and joined with no separator, numbers as `String(n)`, objects → `"[object Object]"`.
    var liquidString: String {
        switch primitive {
        case .undefined, .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return JavaScriptNumber.string(value)
        case .string(let text): return text
        case .array(let array):
            var result = ""
            for element in array.elements { result += element.liquidString }
            return result
        case .object: return "[object Object]"
        case .drop: return ""
        }
    }

    /// JavaScript `String(value)`: undefined → `"undefined"`, null → `"null"`, arrays joined with `","` (null
    /// and undefined elements empty), objects → `"[object Object]"`.
    var javaScriptString: String {
        switch primitive {
        case .undefined: return "undefined"
        case .null: return "null"
        case .array(let array):
            return array.elements.map { element -> String in
                element.isNil ? "" : element.javaScriptString
            }.joined(separator: ",")
        default: return liquidString
        }
    }

    /// JavaScript `ToPrimitive`: arrays and objects become their string form, drops their primitive.
    var javaScriptPrimitive: LiquidValue {
        switch primitive {
        case .array, .object: return .string(javaScriptString)
        case let other: return other
        }
    }

    // MARK: Numbers

    /// Whether the value is JavaScript `undefined` (a missing argument takes its default only then).
    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// JavaScript's `lhs + rhs`: string concatenation when either primitive is a string, else addition.
    static func javaScriptAdd(_ lhs: LiquidValue, _ rhs: LiquidValue) -> LiquidValue {
        let left = lhs.javaScriptPrimitive
        let right = rhs.javaScriptPrimitive
        switch (left, right) {
        case (.string, _), (_, .string):
            return .string(left.javaScriptString + right.javaScriptString)
        default:
            return .number(left.javaScriptNumber + right.javaScriptNumber)
        }
    }

    /// JavaScript `ToNumber`: undefined → NaN, null → 0, booleans 0/1, strings by `Number(text)`.
    var javaScriptNumber: Double {
        switch javaScriptPrimitive {
        case .undefined: return .nan
        case .null: return 0
        case .bool(let value): return value ? 1 : 0
        case .number(let value): return value
        case .string(let text): return LiquidJavaScript.number(text)
        case .array, .object, .drop: return .nan
        }
    }

    /// LiquidJS `toNumber` (`+toValue(value) || 0`): like `ToNumber`, but NaN and -0 become 0.
    var liquidNumber: Double {
        let value = javaScriptNumber
        return value.isNaN || value == 0 ? 0 : value
    }

    /// JavaScript truthiness of the raw value (drops are objects, hence truthy): for `if (arg)` tests inside
    /// filters.
    var javaScriptTruthy: Bool {
        switch self {
        case .undefined, .null: return false
        case .bool(let value): return value
        case .number(let value): return !(value.isNaN || value == 0)
        case .string(let text): return !text.isEmpty
        case .array, .object, .drop: return true
        }
    }

    // MARK: Equality

    /// LiquidJS `equals` (`==`): drops compare by their own rules, arrays element by element, everything else
    /// with JavaScript `===` (objects by identity, strings by code units, no type coercion).
    func liquidEquals(_ other: LiquidValue) -> Bool {
        if case .drop(let drop) = self { return drop.matches(other) }
        if case .drop(let drop) = other { return drop.matches(self) }
        switch (primitive, other.primitive) {
        case (.array(let lhs), .array(let rhs)):
            guard lhs.count == rhs.count else { return false }
            for index in 0..<lhs.count where !lhs.element(index).liquidEquals(rhs.element(index)) {
                return false
            }
            return true
        case let (lhs, rhs):
            return lhs.strictlyEquals(rhs)
        }
    }

    /// JavaScript `===` on primitives and object identity.
    private func strictlyEquals(_ other: LiquidValue) -> Bool {
        switch (self, other) {
        case (.undefined, .undefined), (.null, .null): return true
        case (.bool(let lhs), .bool(let rhs)): return lhs == rhs
        case (.number(let lhs), .number(let rhs)): return lhs == rhs
        case (.string(let lhs), .string(let rhs)): return LiquidJavaScript.same(lhs, rhs)
        case (.object(let lhs), .object(let rhs)): return lhs.identity == rhs.identity
        default: return false
        }
    }

    // MARK: Ordering

    /// JavaScript's abstract relational comparison `self < other`; nil when a side is NaN (every comparison
    /// is then false).
    func javaScriptLess(than other: LiquidValue) -> Bool? {
        let lhs = javaScriptPrimitive
        let rhs = other.javaScriptPrimitive
        if case .string(let left) = lhs, case .string(let right) = rhs {
            return LiquidJavaScript.less(left, right)
        }
        let left = lhs.javaScriptNumber
        let right = rhs.javaScriptNumber
        if left.isNaN || right.isNaN { return nil }
        return left < right
    }

    /// The comparison operators `<`, `<=`, `>`, `>=` as LiquidJS evaluates them: a drop on either side makes
    /// the comparison false; otherwise JavaScript's rules.
    func liquidCompare(_ other: LiquidValue, _ comparison: LiquidExpression.Operator) -> Bool {
        if case .drop = self { return false }
        if case .drop = other { return false }
        switch comparison {
        case .less: return javaScriptLess(than: other) ?? false
        case .greater: return other.javaScriptLess(than: self) ?? false
        case .lessOrEqual:
            guard let greater = other.javaScriptLess(than: self) else { return false }
            return !greater
        case .greaterOrEqual:
            guard let less = javaScriptLess(than: other) else { return false }
            return !less
        default: return false
        }
    }

    /// `contains`: an array holds an element equal to `other`; a string holds `String(other)` as a substring;
    /// anything else contains nothing.
    func liquidContains(_ other: LiquidValue) -> Bool {
        switch primitive {
        case .array(let array):
            for element in array.elements where element.liquidEquals(other) { return true }
            return false
        case .string(let text):
            let needle = LiquidJavaScript.units(other.primitive.javaScriptString)
            return LiquidJavaScript.index(of: needle, in: LiquidJavaScript.units(text)) != nil
        default:
            return false
        }
    }
}
