import SegmentJSON

/// A whole mapping compiled once: upstream's `transform(mapping, event)` (SEMANTICS 4.1) ready to run.
///
/// `compile` does, once, what upstream does on every call before resolving: the root copy, the
/// root-level directive (`__segment_internal_directive`), static validation (4.8) and option parsing.
/// `transform` then only resolves and removes missing values. When the mapping is a plain object,
/// `fields` exposes its members' programs for the hot path, which evaluates them one by one.
public struct MappingProgram: Sendable {
    /// The program of the mapping to process (after the root steps).
    let root: ValueProgram

    /// The mapping's members in JavaScript key order, when the mapping to process is a plain object
    /// (no root-level directive): evaluating each on an event gives the members of `transform`'s
    /// result. Nil otherwise; use `transform` then.
    public let fields: [(name: String, program: ValueProgram)]?

    init(root: ValueProgram, fields: [(name: String, program: ValueProgram)]?) {
        self.root = root
        self.fields = fields
    }

    /// Compiles `mapping`. Throws every validation error (`/obj/@path should be …`), a root-level
    /// directive that cannot be used, and every `@liquid` template the engine refuses. O(size of the
    /// mapping).
    public static func compile(_ mapping: JSONValue) throws(MappingCompileErrors) -> MappingProgram {
        var liquidErrors: [MappingCompileError] = []
        switch compile(mapping, [], &liquidErrors) {
        case .success(let program):
            if !liquidErrors.isEmpty { throw MappingCompileErrors(liquidErrors) }
            return program
        case .failure(let errors):
            throw errors
        }
    }

    /// Runs the full upstream `transform` on one event: the event must be an object, and the result has
    /// missing values removed (nil when the result itself is missing). Allocates the result.
    public func transform(_ document: JSONDocument) throws(MappingRuntimeError) -> JSONValue? {
        try transform(.span(document.root), document).materialized(document.bytes)
    }

    /// `transform` with any payload (`@transform` runs its `apply` mapping on the current payload):
    /// checks the payload is an object, resolves, and removes missing object members (array elements
    /// stay, as upstream's `removeUndefined` leaves them).
    func transform(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        guard payload.isObject else {
            throw MappingRuntimeError("data must be an object, got \(payload.javaScriptType(document.bytes))")
        }
        return try root.resolve(payload, document).removingUndefined()
    }
}
