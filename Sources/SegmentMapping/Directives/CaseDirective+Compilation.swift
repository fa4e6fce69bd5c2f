import SegmentJSON

extension CaseDirective {
    /// Compiles `@case` options. The operator is the raw option, compared as upstream does (not
    /// resolved).
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .object(let options) = option else {
            return .failure(#"@case requires an object with a "operator" key"#)
        }
        guard let rawOperator = options["operator"], rawOperator.isTruthy else {
            return .failure(#"@case requires a "operator" key"#)
        }
        let operation: Operator
        switch rawOperator {
        case .string("lower"): operation = .lower
        case .string("upper"): operation = .upper
        default: operation = .unsupported
        }
        guard let value = options["value"], value.isTruthy else { return .missing }
        return .changeCase(
            CaseDirective(operation: operation, value: ValueProgram.compile(value, location + ["value"], &errors)))
    }
}
