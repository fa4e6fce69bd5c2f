import SegmentJSON

/// Upstream's `resolve(mapping, payload)` (SEMANTICS 4.2) on compiled programs.
extension ValueProgram {
    /// Resolves the program against `payload` (the event as `.span(document.root)`, or a `@transform`
    /// result, or an `@arrayPath` item). Missing values stay in built containers until the caller
    /// removes them. Cost: that of the directives involved; no allocation for literals and paths.
    func resolve(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> Resolved {
        switch self {
        case .literal(let value):
            return .value(value)
        case .path(let path):
            return path.lookup(in: payload, document)
        case .object(let members):
            var object = ResolvedObject(minimumCapacity: members.count)
            for member in members { object.appendNew(member.key, try member.value.resolve(payload, document)) }
            return .object(object)
        case .array(let elements):
            var out: [Resolved] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(try element.resolve(payload, document)) }
            return .array(out)
        case .dynamicPath(let option):
            let path = try option.resolve(payload, document)
            guard let text = path.stringValue(document.bytes) else {
                throw MappingRuntimeError("@path: expected string, got \(path.javaScriptType(document.bytes))")
            }
            return FieldPath(text).lookup(in: payload, document)
        case .template(let directive): return try directive.resolve(payload, document)
        case .condition(let directive): return try directive.resolve(payload, document)
        case .changeCase(let directive): return try directive.resolve(payload, document)
        case .replace(let directive): return try directive.resolve(payload, document)
        case .arrayPath(let directive): return try directive.resolve(payload, document)
        case .flatten(let directive): return try directive.resolve(payload, document)
        case .json(let directive): return try directive.resolve(payload, document)
        case .merge(let directive): return try directive.resolve(payload, document)
        case .transform(let directive): return try directive.resolve(payload, document)
        case .excludeWhenNull(let directive): return try directive.resolve(payload, document)
        case .liquid(let directive): return try directive.resolve(payload, document)
        case .missing:
            return .missing
        case .failure(let message):
            throw MappingRuntimeError(message)
        }
    }

    /// Resolves and removes missing values in one go, building the owned result directly for plain
    /// objects and arrays (removal while building is the same as removal afterwards there, since
    /// nothing reads the intermediate value). Nil when the result is missing.
    func materialize(_ payload: Resolved, _ document: JSONDocument) throws(MappingRuntimeError) -> JSONValue? {
        switch self {
        case .literal(let value):
            return value
        case .object(let members):
            var object = JSONObject()
            for member in members {
                if let value = try member.value.materialize(payload, document) { object[member.key] = value }
            }
            return .object(object)
        case .array(let elements):
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for element in elements { out.append(try element.materialize(payload, document) ?? .null) }
            return .array(out)
        default:
            return try resolve(payload, document).materialized(document.bytes)
        }
    }
}
