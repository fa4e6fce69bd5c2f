import SegmentJSON

extension FlattenDirective {
    /// Compiles `@flatten` options.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@flatten requires an object with a "separator" key"#)
        }
        guard let separator = options["separator"], separator.isTruthy else {
            return .failure(#"@flatten requires a "separator" key"#)
        }
        return .flatten(
            FlattenDirective(
                separator: ValueProgram.compile(separator, location + ["separator"], &errors),
                value: ValueProgram.compileOption(options["value"], location + ["value"], &errors),
                omitArrays: options["omitArrays"]?.isTruthy ?? false))
    }
}
