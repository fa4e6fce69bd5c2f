/// The special literals of Liquid expressions (LiquidJS `NullDrop`, `EmptyDrop`, `BlankDrop`).
///
/// They render as `""`, are never less or greater than anything, and define their own equality.
enum LiquidDrop: Sendable, Equatable {
    /// `nil` and `null`.
    case `nil`
    /// `empty`: equal to `""`, `[]` and `{}`.
    case empty
    /// `blank`: like `empty`, and also equal to nil, `false` and whitespace-only strings.
    case blank

    /// Whether `value == self` under the drop's rules.
    func matches(_ value: LiquidValue) -> Bool {
        switch self {
        case .nil:
            return value.isNil
        case .empty:
            return LiquidDrop.isEmpty(value)
        case .blank:
            if case .bool(false) = value { return true }
            if value.isNil { return true }
            if case .string(let text) = value {
                return text.utf16.allSatisfy(LiquidJavaScript.isWhitespace)
            }
            return LiquidDrop.isEmpty(value)
        }
    }

    /// `EmptyDrop.equals`: another `empty`/`blank` never matches; strings and arrays match when empty,
    /// objects when they have no keys.
    private static func isEmpty(_ value: LiquidValue) -> Bool {
        if case .drop(let drop) = value, drop != .nil { return false }
        switch value.primitive {
        case .string(let text): return text.isEmpty
        case .array(let array): return array.count == 0
        case .object(let object): return object.members.count == 0
        default: return false
        }
    }
}
