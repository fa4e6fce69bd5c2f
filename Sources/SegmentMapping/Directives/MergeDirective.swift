import SegmentJSON

/// `{"@merge": {"objects": [ … ], "direction": "left" | "right"}}` (SEMANTICS 4.5): the resolved
/// objects copied into one new object as `Object.assign` does, the list reversed first for `"left"` so
/// that earlier objects win.
public struct MergeDirective: Sendable {
    let direction: ValueProgram
    /// The element programs, or the message upstream raises about `objects` once `direction` has been
    /// resolved.
    let objects: Result<[ValueProgram], MappingRuntimeError>

    init(direction: ValueProgram, objects: Result<[ValueProgram], MappingRuntimeError>) {
        self.direction = direction
        self.objects = objects
    }

    /// O(total members × result keys); allocates the result object. Members of objects in the line
    /// stay spans.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let bytes = document.bytes
        let direction = try self.direction.resolve(payload, document)
        let programs = try objects.get()
        var values: [Resolved] = []
        values.reserveCapacity(programs.count)
        for program in programs { values.append(try program.resolve(payload, document)) }
        if direction.stringValue(bytes) == "left" { values.reverse() }
        var out = ResolvedObject()
        for value in values { Self.assign(value, bytes, into: &out) }
        return .object(out)
    }

    /// Copies the own enumerable properties of `value` into `out`, as one source of `Object.assign`:
    /// nothing for `undefined`, `null`, numbers and booleans; index keys for strings (one UTF-16 code
    /// unit each) and arrays; members for objects, `undefined` ones included.
    static func assign(_ value: Resolved, _ bytes: JSONBytes, into out: inout ResolvedObject) {
        switch value {
        case .missing:
            break
        case .span(let span):
            switch span.kind {
            case .object:
                JSONNavigator.forEachMember(bytes, in: span) { key, member in
                    let name = JSONStringDecoder.string(
                        bytes, JSONSpan(start: key.start - 1, end: key.end + 1, kind: .string, flags: key.flags))
                    out.set(name, .span(member))
                }
            case .array:
                JSONNavigator.forEachElement(bytes, in: span) { index, element in
                    out.set(String(index), .span(element))
                    return true
                }
            case .string:
                assignCharacters(JSONStringDecoder.string(bytes, span), into: &out)
            default:
                break
            }
        case .value(let owned):
            switch owned {
            case .object(let object):
                for (key, member) in zip(object.keys, object.values) { out.set(key, .value(member)) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { out.set(String(index), .value(element)) }
            case .string(let string):
                assignCharacters(string, into: &out)
            default:
                break
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { out.set(String(index), element) }
        case .object(let object):
            for (key, member) in zip(object.keys, object.values) { out.set(key, member) }
        }
    }

    private static func assignCharacters(_ string: String, into out: inout ResolvedObject) {
        for (index, unit) in string.utf16.enumerated() {
            // A lone surrogate (half of a pair) cannot be held by a Swift String; it becomes U+FFFD.
            out.set(String(index), .value(.string(String(decoding: CollectionOfOne(unit), as: UTF16.self))))
        }
    }
}
