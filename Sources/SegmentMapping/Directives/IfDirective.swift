import SegmentJSON

/// `{"@if": {"exists" | "blank": X, "then": T, "else": E}}` (SEMANTICS 4.5).
///
/// Compiled from the raw options as upstream reads them: `exists` decides whenever it is present (even
/// next to `blank`); `then` counts when present, whatever its value; `else` only when truthy, so a falsy
/// `else` (`false`, `0`, `""`, `null`) makes the field disappear.
public struct IfDirective: Sendable {
    enum Condition: Sendable {
        /// True when the value is neither missing nor null.
        case exists(ValueProgram)
        /// True when the value is not missing, not null and not loosely equal to `""`.
        case notBlank(ValueProgram)
    }

    let condition: Condition
    let then: ValueProgram?
    let otherwise: ValueProgram?

    init(condition: Condition, then: ValueProgram?, otherwise: ValueProgram?) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }

    /// Resolves the condition, then the branch it selects. No allocation beyond the branch's own.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        let holds: Bool
        switch condition {
        case .exists(let program):
            holds = !(try program.resolve(payload, document)).isNullOrMissing
        case .notBlank(let program):
            let value = try program.resolve(payload, document)
            holds = !value.isNullOrMissing && !value.isLooselyEqualToEmptyString(document.bytes)
        }
        if holds {
            return try then?.resolve(payload, document) ?? .missing
        }
        return try otherwise?.resolve(payload, document) ?? .missing
    }
}
