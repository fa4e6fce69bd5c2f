import SegmentJSON

/// Turning resolved values into owned JSON (SEMANTICS 4.1 step 6).
extension Resolved {
    /// The owned value with `undefined` removed: object keys holding it are deleted, array elements
    /// holding it become `null` (how `JSON.stringify` writes them). Nil when the value itself is
    /// missing. Allocates what it builds; a span is copied out of the line.
    func materialized(_ bytes: JSONBytes) -> JSONValue? {
        switch self {
        case .missing: return nil
        case .span(let span): return JSONValue(bytes, span)
        case .value(let value): return value
        case .array(let elements):
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(element.materialized(bytes) ?? .null) }
            return .array(out)
        case .object(let object):
            var out = JSONObject()
            for (key, member) in zip(object.keys, object.values) {
                if let value = member.materialized(bytes) { out[key] = value }
            }
            return .object(out)
        }
    }

    /// The value as a `MappedValue`: spans stay in the line, built values are materialised.
    func mapped(_ bytes: JSONBytes) -> MappedValue {
        switch self {
        case .missing: return .missing
        case .span(let span): return .span(span)
        case .value(let value): return .owned(value)
        case .array, .object: return materialized(bytes).map(MappedValue.owned) ?? .missing
        }
    }

    /// Upstream's `removeUndefined`: deletes object keys whose value is `undefined`, recursively, but
    /// keeps `undefined` array elements (a `@transform` payload can hold them). O(size of built parts).
    func removingUndefined() -> Resolved {
        switch self {
        case .array(let elements):
            return .array(elements.map { $0.removingUndefined() })
        case .object(let object):
            var out = ResolvedObject(minimumCapacity: object.count)
            for (key, member) in zip(object.keys, object.values) where !member.isMissing {
                out.appendNew(key, member.removingUndefined())
            }
            return .object(out)
        default:
            return self
        }
    }

    /// An owned copy of a span or value as a resolved container, so that it can be walked member by
    /// member; built containers are returned as they are. Used by directives that rebuild their input
    /// (`@flatten`, `@excludeWhenNull`). Allocates for spans.
    func owned(_ bytes: JSONBytes) -> Resolved {
        if case .span(let span) = self { return .value(JSONValue(bytes, span)) }
        return self
    }
}
