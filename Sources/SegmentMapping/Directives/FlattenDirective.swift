import SegmentJSON

/// `{"@flatten": {"value": X, "separator": "<text>", "omitArrays"?: bool}}` (SEMANTICS 4.5): an object
/// (and, unless `omitArrays`, an array) becomes one flat object whose keys join the nested keys with the
/// separator, depth first in key order.
public struct FlattenDirective: Sendable {
    let separator: ValueProgram
    let value: ValueProgram
    /// The raw option's truthiness (upstream does not resolve it).
    let omitArrays: Bool

    init(separator: ValueProgram, value: ValueProgram, omitArrays: Bool) {
        self.separator = separator
        self.value = value
        self.omitArrays = omitArrays
    }

    /// O(size of the value × keys of the result); allocates the result's keys and containers, while
    /// values read from the line stay spans.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let separator = try self.separator.resolve(payload, document)
        guard let separatorText = separator.stringValue(document.bytes) else {
            throw MappingRuntimeError("@flatten requires a string separator")
        }
        let input = try value.resolve(payload, document)
        var out = ResolvedObject()
        flatten(input, prefix: "", separatorText, document.bytes, into: &out)
        return .object(out)
    }

    /// Upstream's `flattenObject`: containers contribute their entries under `prefix + separator + key`
    /// (just `key` while the prefix is empty), anything else is set under the prefix; later keys
    /// overwrite earlier ones in place, as object spread does.
    private func flatten(
        _ value: Resolved, prefix: String, _ separator: String, _ bytes: JSONBytes, into out: inout ResolvedObject
    ) {
        func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + separator + name }
        switch value {
        case .span(let span) where span.kind == .object:
            // Walked in place: only the keys are built, the leaves stay spans of the line (copying
            // `properties` out as a `JSONValue` first was most of this directive's cost).
            let members = Self.members(of: span, bytes)
            for index in members.order {
                flatten(.span(members.values[index]), prefix: key(members.keys[index]), separator, bytes, into: &out)
            }
        case .span(let span) where span.kind == .array && !omitArrays:
            JSONNavigator.forEachElement(bytes, in: span) { index, element in
                flatten(.span(element), prefix: key(String(index)), separator, bytes, into: &out)
                return true
            }
        case .value(.object(let object)):
            for member in object.orderedMembers {
                flatten(.value(member.value), prefix: key(member.key), separator, bytes, into: &out)
            }
        case .value(.array(let elements)) where !omitArrays:
            for (index, element) in elements.enumerated() {
                flatten(.value(element), prefix: key(String(index)), separator, bytes, into: &out)
            }
        case .object(let object):
            for index in object.enumerationOrder {
                flatten(object.values[index], prefix: key(object.keys[index]), separator, bytes, into: &out)
            }
        case .array(let elements) where !omitArrays:
            for (index, element) in elements.enumerated() {
                flatten(element, prefix: key(String(index)), separator, bytes, into: &out)
            }
        default:
            out.set(prefix, value)
        }
    }

    /// An object of the line as `JSON.parse` builds it: a repeated key keeps its first position and
    /// its last value, and enumeration puts integer-like keys first, ascending. O(members²) key
    /// comparisons (objects in events are small).
    private static func members(
        of object: JSONSpan, _ bytes: JSONBytes
    ) -> (
        keys: [String], values: [JSONSpan], order: [Int]
    ) {
        var keys: [String] = []
        var values: [JSONSpan] = []
        JSONNavigator.forEachMember(bytes, in: object) { key, value in
            let name = JSONStringDecoder.string(
                bytes, JSONSpan(start: key.start - 1, end: key.end + 1, kind: .string, flags: key.flags))
            if let existing = keys.firstIndex(of: name) {
                values[existing] = value
            } else {
                keys.append(name)
                values.append(value)
            }
        }
        var integers: [(index: Int, value: UInt64)] = []
        for (index, key) in keys.enumerated() {
            if let value = JSONObject.integerValue(key) { integers.append((index, value)) }
        }
        if integers.isEmpty { return (keys, values, Array(keys.indices)) }
        integers.sort { $0.value < $1.value }
        var order = integers.map(\.index)
        for index in keys.indices where JSONObject.integerValue(keys[index]) == nil { order.append(index) }
        return (keys, values, order)
    }
}
