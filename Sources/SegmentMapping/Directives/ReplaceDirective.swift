import SegmentJSON

/// `{"@replace": {"pattern", "replacement"?, "value", "pattern2"?, "replacement2"?, "ignorecase"?,
/// "global"?}}` (SEMANTICS 4.5): literal-text replacement with JavaScript's replacement patterns,
/// optionally followed by a second pass with `pattern2`/`replacement2`.
public struct ReplaceDirective: Sendable {
    /// The longest pattern or replacement accepted, in UTF-16 code units (10 is allowed).
    static let maximumLength = 10

    /// Nil when the raw `value` option is falsy: the result is then missing.
    let value: ValueProgram?
    /// Nil when an option has the wrong type: the result is then `""` (after `value` is resolved).
    let passes: [ReplacePass]?

    init(value: ValueProgram?, passes: [ReplacePass]?) {
        self.value = value
        self.passes = passes
    }

    /// Resolves the value and replaces. O(n × pattern length) per pass. ASCII patterns work on UTF-8
    /// bytes, reading a string of the line in place; the result is allocated only when something was
    /// replaced (otherwise the value itself is returned).
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        guard let value else { return .missing }
        let resolved = try value.resolve(payload, document)
        let bytes = document.bytes
        let isString: Bool
        switch resolved.javaScriptType(bytes) {
        case "string": isString = true
        // Booleans and numbers are replaced in their string form.
        case "boolean", "number": isString = false
        default: return .value(.string(""))
        }
        guard let passes else { return .value(.string("")) }
        for pass in passes {
            if let message = pass.lengthError { throw MappingRuntimeError(message) }
        }
        // A boolean or number result is always a new string.
        var changed = !isString
        if passes.allSatisfy({ $0.asciiPattern != nil }) {
            // The current text once decoded or replaced; nil while a string of the line is read in place.
            var text: [UInt8]?
            for pass in passes {
                let out: [UInt8]?
                if let current = text {
                    out = pass.apply(current)
                } else if case .span(let span) = resolved, span.kind == .string, !span.hasEscapes {
                    out = pass.apply(UnsafeRawBufferPointer(bytes.slice(span.start + 1..<span.end - 1)))
                } else {
                    var decoded: [UInt8] = []
                    resolved.appendJavaScriptString(bytes, to: &decoded)
                    text = decoded
                    out = pass.apply(decoded)
                }
                if let out {
                    text = out
                    changed = true
                }
            }
            if !changed { return resolved }
            return .value(.string(String(decoding: text ?? [], as: UTF8.self)))
        }
        var text: [UInt8] = []
        resolved.appendJavaScriptString(bytes, to: &text)
        var units = Array(String(decoding: text, as: UTF8.self).utf16)
        for pass in passes {
            if let out = pass.apply(units) {
                units = out
                changed = true
            }
        }
        if !changed { return resolved }
        return .value(.string(String(decoding: units, as: UTF16.self)))
    }
}
