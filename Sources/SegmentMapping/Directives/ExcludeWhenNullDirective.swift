import SegmentJSON

/// `{"@excludeWhenNull": X}` (SEMANTICS 4.5): `null` becomes missing, and an object loses its `null`
/// members, recursively through nested objects (not through arrays).
public struct ExcludeWhenNullDirective: Sendable {
    let value: ValueProgram

    init(_ value: ValueProgram) {
        self.value = value
    }

    /// O(size of an object result); allocates only when the value is an object.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let resolved = try value.resolve(payload, document)
        if resolved.isNull { return .missing }
        return Self.cleaned(resolved, document.bytes)
    }

    /// Upstream's `cleanNulls`: a copy of an object whose `null` members are `undefined` (still keys,
    /// removed at the end like any missing value) and whose object members are cleaned too; any other
    /// value unchanged.
    static func cleaned(_ value: Resolved, _ bytes: JSONBytes) -> Resolved {
        guard value.isObject else { return value }
        var out = ResolvedObject()
        switch value.owned(bytes) {
        case .value(.object(let object)):
            for (key, member) in zip(object.keys, object.values) {
                out.appendNew(key, member == .null ? .missing : cleaned(.value(member), bytes))
            }
        case .object(let object):
            for (key, member) in zip(object.keys, object.values) {
                out.appendNew(key, member.isNull ? .missing : cleaned(member, bytes))
            }
        default:
            return value
        }
        return .object(out)
    }
}
