import SegmentJSON

/// The result of evaluating a value program on one event: nothing, a value inside the line, or a value
/// the program built.
public enum MappedValue: Sendable {
    /// JavaScript `undefined`: the key disappears from the result.
    case missing
    /// A value in the event line, passed through as bytes.
    case span(JSONSpan)
    /// A value built by the program (a literal, a `length`, ...).
    case owned(JSONValue)

    /// The JSON type, or nil when missing.
    public var kind: JSONKind? {
        switch self {
        case .missing: return nil
        case .span(let span): return span.kind
        case .owned(let value): return value.kind
        }
    }
}
