import SegmentJSON

/// `{"@template": "<text>"}` or `{"@template": <directive>}` (SEMANTICS 4.4): the text with every
/// `{{path}}` replaced by the JavaScript string form of the value at `path` (`""` for missing or null).
public struct TemplateDirective: Sendable {
    enum Source: Sendable {
        /// A text given in the mapping, split at load time.
        case text(TemplateText)
        /// A directive that yields the text per event; split per event.
        case program(ValueProgram)
    }

    let source: Source

    init(_ option: ValueProgram) {
        if case .literal(.string(let text)) = option {
            source = .text(TemplateText(text))
        } else {
            source = .program(option)
        }
    }

    /// Renders the template. A text template costs one pass over its pieces plus the lookups and
    /// allocates only the output; a directive template is resolved and split first.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        switch source {
        case .text(let text):
            return .value(.string(text.render(payload, document)))
        case .program(let program):
            let option = try program.resolve(payload, document)
            guard let text = option.stringValue(document.bytes) else {
                throw MappingRuntimeError("@template: expected string, got \(option.javaScriptType(document.bytes))")
            }
            return .value(.string(TemplateText(text).render(payload, document)))
        }
    }
}
