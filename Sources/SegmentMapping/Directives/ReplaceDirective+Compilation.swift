import SegmentJSON

extension ReplaceDirective {
    /// Compiles `@replace` options: defaults applied, types checked and patterns prepared once.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@replace requires an object with a "pattern" key"#)
        }
        guard let pattern = options["pattern"], pattern.isTruthy else {
            return .failure(#"@replace requires a "pattern" key"#)
        }
        guard let value = options["value"], value.isTruthy else { return .missing }
        let program = ValueProgram.compile(value, location + ["value"], &errors)
        // `null` or absent take the defaults; any other value must have the right type, else the
        // result is "".
        func setting(_ name: String) -> JSONValue? {
            let raw = options[name]
            return raw == .null ? nil : raw
        }
        let replacement = setting("replacement") ?? .string("")
        let ignoreCase = setting("ignorecase") ?? .bool(false)
        let global = setting("global") ?? .bool(true)
        guard case .string(let patternText) = pattern, case .string(let replacementText) = replacement,
            case .bool(let ignoreCaseFlag) = ignoreCase, case .bool(let globalFlag) = global
        else {
            return .replace(ReplaceDirective(value: program, passes: nil))
        }
        var passes = [
            ReplacePass(
                pattern: patternText, replacement: replacementText, ignoreCase: ignoreCaseFlag, global: globalFlag)
        ]
        // The second pass needs a non-empty string `pattern2` and a string `replacement2` (absent or
        // null meaning "").
        if case .string(let pattern2)? = options["pattern2"], !pattern2.isEmpty {
            switch setting("replacement2") ?? .string("") {
            case .string(let replacement2):
                passes.append(
                    ReplacePass(
                        pattern: pattern2, replacement: replacement2, ignoreCase: ignoreCaseFlag, global: globalFlag))
            default:
                break
            }
        }
        return .replace(ReplaceDirective(value: program, passes: passes))
    }
}
