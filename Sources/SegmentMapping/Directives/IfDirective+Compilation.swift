import SegmentJSON

extension IfDirective {
    /// Compiles `@if` options, deciding upstream's per-call checks once.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@if requires an object with an "exists" key"#)
        }
        let exists = options["exists"]
        let blank = options["blank"]
        if !(exists?.isTruthy ?? false) && !(blank?.isTruthy ?? false) {
            return .failure(#"@if requires an "exists" key or a "blank" key"#)
        }
        let condition: Condition
        if let exists {
            condition = .exists(ValueProgram.compile(exists, location + ["exists"], &errors))
        } else {
            condition = .notBlank(ValueProgram.compileOption(blank, location + ["blank"], &errors))
        }
        let then = options["then"].map { ValueProgram.compile($0, location + ["then"], &errors) }
        // A falsy `else` is never resolved.
        let otherwise = options["else"].flatMap { value in
            value.isTruthy ? ValueProgram.compile(value, location + ["else"], &errors) : nil
        }
        return .condition(IfDirective(condition: condition, then: then, otherwise: otherwise))
    }
}
