import SegmentJSON

/// `{"@transform": {"apply": <mapping object>, "mapping": <mapping>}}` (SEMANTICS 4.5): `apply` runs as
/// a complete transform on the current payload, and `mapping` is resolved against its result.
public struct TransformDirective: Sendable {
    /// The compiled `apply` mapping, or the error its root handling or validation raises on each call.
    let apply: Result<MappingProgram, MappingRuntimeError>
    let mapping: ValueProgram

    init(apply: Result<MappingProgram, MappingRuntimeError>, mapping: ValueProgram) {
        self.apply = apply
        self.mapping = mapping
    }

    /// Cost of the two mappings; the intermediate payload is built (and keeps spans of the line).
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let newPayload = try apply.get().transform(payload, document)
        return try mapping.resolve(newPayload, document)
    }
}
