import SegmentJSON

extension MergeDirective {
    /// Compiles `@merge` options. `direction` is required at run time although validation treats it as
    /// optional; it is resolved, so a directive may give it.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@merge requires an object with an "objects" key and a "direction" key"#)
        }
        guard let direction = options["direction"], direction.isTruthy else {
            return .failure(#"@merge requires a "direction" key"#)
        }
        let directionProgram = ValueProgram.compile(direction, location + ["direction"], &errors)
        let objects: Result<[ValueProgram], MappingRuntimeError>
        switch options["objects"] {
        case .array(let elements)?:
            var programs: [ValueProgram] = []
            for (index, element) in elements.enumerated() {
                programs.append(ValueProgram.compile(element, location + ["objects", String(index)], &errors))
            }
            objects = .success(programs)
        case let value? where value.isTruthy:
            // JavaScript `typeof`, which is the same as the type name for these (truthy, non-array) values.
            objects = .failure(MappingRuntimeError("@merge: expected opts.array, got \(value.javaScriptType)"))
        default:
            objects = .failure(MappingRuntimeError(#"@merge requires a "objects" key"#))
        }
        return .merge(MergeDirective(direction: directionProgram, objects: objects))
    }
}
