import SegmentJSON

extension TransformDirective {
    /// Compiles `@transform` options; `apply` is compiled as a complete mapping (root copy, root-level
    /// directive, validation).
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@transform requires an object with an "apply" key and a "mapping" key"#)
        }
        guard let mapping = options["mapping"], mapping.isTruthy else {
            return .failure(#"@transform requires a "mapping" key"#)
        }
        guard let apply = options["apply"], apply.isTruthy else {
            return .failure(#"@transform requires a "apply" key"#)
        }
        guard case .object = apply else {
            return .failure(#"@transform "apply" key should be an object"#)
        }
        let applyProgram: Result<MappingProgram, MappingRuntimeError>
        switch MappingProgram.compile(apply, location + ["apply"], &errors) {
        case .success(let program): applyProgram = .success(program)
        case .failure(let problems):
            applyProgram = .failure(MappingRuntimeError(problems.description))
        }
        return .transform(
            TransformDirective(
                apply: applyProgram, mapping: ValueProgram.compile(mapping, location + ["mapping"], &errors)))
    }
}
