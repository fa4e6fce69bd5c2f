import SegmentJSON

/// The root steps of upstream's `transform` (SEMANTICS 4.1 steps 2–4), done at load time.
extension MappingProgram {
    /// The key of the root-level directive.
    static let rootDirectiveKey = "__segment_internal_directive"

    /// Compiles a mapping found at `location` (`[]` for a whole mapping, `[…, "@transform", "apply"]`
    /// for an `apply`): the root steps and validation give the errors upstream raises before resolving;
    /// `@liquid` refusals go to `liquidErrors`.
    static func compile(
        _ mapping: JSONValue, _ location: [String], _ liquidErrors: inout [MappingCompileError]
    )
        -> Result<MappingProgram, MappingCompileErrors>
    {
        let processed: JSONValue
        switch mappingToProcess(mapping) {
        case .success(let value): processed = value
        case .failure(let error):
            return .failure(MappingCompileErrors([MappingCompileError(location: [], text: error.message)]))
        }
        let problems = MappingValidator.validate(processed)
        if !problems.isEmpty { return .failure(MappingCompileErrors(problems)) }
        let root = ValueProgram.compile(processed, location, &liquidErrors)
        var fields: [(name: String, program: ValueProgram)]?
        switch root {
        case .object(let members): fields = members.map { ($0.key, $0.value) }
        case .literal(.object(let object)): fields = object.orderedMembers.map { ($0.key, .literal($0.value)) }
        default: fields = nil
        }
        return .success(MappingProgram(root: root, fields: fields))
    }

    /// Upstream's `getMappingToProcess` on the root copy: an object mapping as is, an array or a string
    /// as an object keyed by index, other values as `{}`; then the root-level directive, if any, with the
    /// other keys put under its `mapping` option. The message is the error upstream throws.
    static func mappingToProcess(_ mapping: JSONValue) -> Result<JSONValue, MappingRuntimeError> {
        let copy: JSONObject
        switch mapping {
        case .object(let object):
            copy = object
        case .array(let elements):
            copy = JSONObject(elements.enumerated().map { (String($0.offset), $0.element) })
        case .string(let string):
            copy = JSONObject(
                string.utf16.enumerated().map {
                    (String($0.offset), .string(String(decoding: CollectionOfOne($0.element), as: UTF16.self)))
                })
        case .null:
            // `Object.keys(null)` throws.
            return .failure(MappingRuntimeError("Cannot convert undefined or null to object"))
        case .bool, .number:
            copy = JSONObject()
        }
        guard let directive = copy[rootDirectiveKey] else { return .success(.object(copy)) }
        var customerMappings = JSONObject()
        for member in copy.orderedMembers where member.key != rootDirectiveKey {
            customerMappings[member.key] = member.value
        }
        // `Object.keys` of the directive value: object keys, array indexes, string indexes.
        let keyCount: Int
        switch directive {
        case .null: return .failure(MappingRuntimeError("Cannot convert undefined or null to object"))
        case .object(let object): keyCount = object.count
        case .array(let elements): keyCount = elements.count
        case .string(let string): keyCount = string.utf16.count
        case .bool, .number: keyCount = 0
        }
        if keyCount > 1 {
            return .failure(MappingRuntimeError("The root mapping must only have a single directive object"))
        }
        switch directive {
        case .object(var object) where keyCount == 1:
            let key = object.orderedMembers[0].key
            guard case .object(var inner)? = object[key] else {
                if case .array? = object[key] { return .success(directive) }
                return .failure(MappingRuntimeError("The root directive must be an object"))
            }
            inner["mapping"] = .object(customerMappings)
            object[key] = .object(inner)
            return .success(.object(object))
        case .array(let elements) where keyCount == 1:
            // Setting `mapping` on an object inside an array; on an array element that is itself an
            // array the property is invisible to JSON.
            switch elements[0] {
            case .object(var inner):
                inner["mapping"] = .object(customerMappings)
                return .success(.array([.object(inner)]))
            case .array:
                return .success(directive)
            default:
                return .failure(MappingRuntimeError("The root directive must be an object"))
            }
        default:
            return .failure(MappingRuntimeError("The root directive must be an object"))
        }
    }
}
