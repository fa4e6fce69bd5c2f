import SegmentJSON

/// A value while a Liquid template renders: what LiquidJS would hold as a JavaScript value.
///
/// Payload data stays `JSONValue` until it is reached; objects and arrays carry an identity (the path from the
/// payload root) because JavaScript compares objects by reference: `a == a` is true, two equal but distinct
/// objects are not.
enum LiquidValue: Sendable {
    /// JavaScript `undefined`: a missing variable or property.
    case undefined
    /// JSON `null`.
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(LiquidArray)
    case object(LiquidObject)
    /// The literals `nil`/`null`, `empty` and `blank`, which compare specially (LiquidJS drops).
    case drop(LiquidDrop)

    /// Wraps a payload value reached at `identity`.
    init(_ json: JSONValue, identity: String) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let number): self = .number(number.value)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(LiquidArray(elements: elements, identity: identity))
        case .object(let members): self = .object(LiquidObject(members: members, identity: identity))
        }
    }

    /// LiquidJS `toValue`: a drop becomes the primitive it stands for (`nil` → null, `empty`/`blank` → "").
    var primitive: LiquidValue {
        guard case .drop(let drop) = self else { return self }
        return drop == .nil ? .null : .string("")
    }

    /// True for `undefined` and `null` (LiquidJS `isNil`, after `toValue`).
    var isNil: Bool {
        switch primitive {
        case .undefined, .null: return true
        default: return false
        }
    }

    /// Liquid truthiness: only `false`, `nil` and undefined are falsy; `""`, `0` and `empty` are truthy.
    var isTruthy: Bool {
        switch primitive {
        case .undefined, .null, .bool(false): return false
        default: return true
        }
    }
}
