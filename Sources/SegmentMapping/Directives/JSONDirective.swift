import SegmentJSON

/// `{"@json": {"mode": "encode" | "decode", "value": X}}` (SEMANTICS 4.5): `JSON.stringify` or
/// `JSON.parse` of the resolved value.
public struct JSONDirective: Sendable {
    enum Mode: Sendable {
        case encode
        case decode
        /// Any other mode (compared case-sensitively, so `"ENCODE"` too): the result is missing.
        case other
    }

    let mode: Mode
    let value: ValueProgram

    init(mode: Mode, value: ValueProgram) {
        self.mode = mode
        self.value = value
    }

    /// O(size of the value); allocates the text (encode) or the parsed value (decode).
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let resolved = try value.resolve(payload, document)
        switch mode {
        case .encode:
            // `JSON.stringify(undefined)` is undefined; missing members and elements follow its rules,
            // which are those of removal (keys dropped, elements null).
            guard let owned = resolved.materialized(document.bytes) else { return .missing }
            var text: [UInt8] = []
            owned.appendStringified(to: &text)
            return .value(.string(String(decoding: text, as: UTF8.self)))
        case .decode:
            guard let text = resolved.stringValue(document.bytes) else { return resolved }
            // Text that is not JSON comes back unchanged (upstream PR #3368).
            guard let parsed = try? JSONValue.parse(text) else { return resolved }
            return .value(parsed)
        case .other:
            return .missing
        }
    }
}
