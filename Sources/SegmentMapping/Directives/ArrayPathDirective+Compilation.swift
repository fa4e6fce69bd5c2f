import SegmentJSON

extension ArrayPathDirective {
    /// Compiles `@arrayPath` options: a string root is a path (first `$.` removed), anything else a
    /// program; the item shape is kept only when it is an object with at least one key.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .array(let elements) = option else {
            return .failure("@arrayPath expected array, got \(option.javaScriptType)")
        }
        let root: ValueProgram
        switch elements.first {
        case .string(let path)?: root = .path(FieldPath(path))
        case let element?: root = ValueProgram.compile(element, location + ["0"], &errors)
        case nil: root = .missing
        }
        var itemShape: ValueProgram?
        if elements.count > 1, case .object(let shape) = elements[1], shape.count > 0 {
            itemShape = ValueProgram.compile(elements[1], location + ["1"], &errors)
        }
        return .arrayPath(ArrayPathDirective(root: root, itemShape: itemShape))
    }
}
