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

    /// O(size of the value × keys of the result); allocates the result (a value in the line is copied
    /// out first).
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
        var current = value
        // Containers in the line are copied out to be walked; leaves stay spans.
        if case .span(let span) = value, span.kind == .object || (span.kind == .array && !omitArrays) {
            current = .value(JSONValue(bytes, span))
        }
        switch current {
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
}
