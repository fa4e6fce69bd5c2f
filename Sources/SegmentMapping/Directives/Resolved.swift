import SegmentJSON

/// A value during resolution, the way upstream's JavaScript holds it before `removeUndefined` runs.
///
/// Values read from the event line stay spans (no copy); values taken from an owned payload or a
/// mapping literal are `JSONValue`s; containers that resolution builds are `array`/`object`, which may
/// hold `missing` (JavaScript `undefined`) members. Those are observable before removal: `@merge`
/// copies an `undefined` member over an earlier value, `@flatten` spreads one, and a `@transform`
/// payload keeps `undefined` array elements (SEMANTICS 4.1 step 6 removes only object keys).
enum Resolved: Sendable {
    /// JavaScript `undefined`.
    case missing
    /// A value in the event line; the bytes are the evaluation's document.
    case span(JSONSpan)
    /// An owned value without `undefined` anywhere inside.
    case value(JSONValue)
    /// An array built by resolution; elements may be `missing`.
    case array([Resolved])
    /// An object built by resolution; members may be `missing`.
    case object(ResolvedObject)

    /// Whether the value is JavaScript `undefined`.
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}
