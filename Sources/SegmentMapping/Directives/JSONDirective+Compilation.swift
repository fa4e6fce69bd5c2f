import SegmentJSON

extension JSONDirective {
    /// Compiles `@json` options; the mode is the raw option, compared case-sensitively.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@json requires an object with a "value" key"#)
        }
        guard let mode = options["mode"], mode.isTruthy else {
            return .failure(#"@json requires a "mode" key"#)
        }
        guard let value = options["value"], value.isTruthy else {
            return .failure(#"@json requires a "value" key"#)
        }
        let compiledMode: Mode
        switch mode {
        case .string("encode"): compiledMode = .encode
        case .string("decode"): compiledMode = .decode
        default: compiledMode = .other
        }
        return .json(
            JSONDirective(mode: compiledMode, value: ValueProgram.compile(value, location + ["value"], &errors)))
    }
}
