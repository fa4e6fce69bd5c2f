import SegmentJSON

/// `{"@case": {"operator": "lower" | "upper", "value": X}}` (SEMANTICS 4.5): a string value lower- or
/// upper-cased with JavaScript's full Unicode mapping; any other value returned unchanged.
public struct CaseDirective: Sendable {
    enum Operator: Sendable {
        case lower
        case upper
        /// Any other truthy operator: an error, but only once the value turns out to be a string.
        case unsupported
    }

    let operation: Operator
    /// Nil when the raw `value` option is falsy: the result is then missing.
    let value: ValueProgram?

    init(operation: Operator, value: ValueProgram?) {
        self.operation = operation
        self.value = value
    }

    /// O(length of the string); allocates the converted string only (an ASCII string of the line that
    /// is already in the wanted case is returned as is).
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        guard let value else { return .missing }
        let resolved = try value.resolve(payload, document)
        let bytes = document.bytes
        // ASCII strings of the line are converted in place, and returned as they are when no letter
        // changes.
        if operation != .unsupported, case .span(let span) = resolved, span.kind == .string, !span.hasEscapes {
            let text = UnsafeRawBufferPointer(bytes.slice(span.start + 1..<span.end - 1))
            switch JavaScriptCase.asciiConverted(text, upper: operation == .upper) {
            case .unchanged: return resolved
            case .converted(let converted): return .value(.string(converted))
            case .notASCII: break
            }
        }
        guard let string = resolved.stringValue(bytes) else { return resolved }
        switch operation {
        case .lower: return .value(.string(JavaScriptCase.lowercased(string)))
        case .upper: return .value(.string(JavaScriptCase.uppercased(string)))
        case .unsupported: throw MappingRuntimeError(#"operator key should have a value of "lower" or "upper""#)
        }
    }
}
