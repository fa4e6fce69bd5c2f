import SegmentJSON

/// `{"@liquid": "<template>"}` (SEMANTICS 4.6): the template rendered with the payload as its variable
/// scope. The template is parsed and checked when the mapping is loaded (`LiquidTemplate.compile`).
public struct LiquidDirective: Sendable {
    let template: LiquidTemplate

    init(_ template: LiquidTemplate) {
        self.template = template
    }

    /// Materialises the payload as an owned value (only mappings that use `@liquid` pay for this) and
    /// renders. Render errors fail the event.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let scope = payload.materialized(document.bytes) ?? .object(JSONObject())
        do {
            return .value(.string(try template.render(scope)))
        } catch {
            throw MappingRuntimeError(error.message)
        }
    }
}
