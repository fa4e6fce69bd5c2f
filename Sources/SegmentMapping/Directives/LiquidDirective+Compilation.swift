import SegmentJSON

extension LiquidDirective {
    /// Compiles the directive: a string template is compiled now, and the engine's refusals (length,
    /// disabled or unsupported tags and filters) are load errors at `location`; an empty template is
    /// `""` without the engine, as upstream; any other option fails when evaluated.
    static func compile(
        _ option: JSONValue, _ location: [String], _ errors: inout [MappingCompileError]
    )
        -> ValueProgram
    {
        guard case .string(let source) = option else {
            return .failure("liquid template value must be a string")
        }
        if source.isEmpty { return .literal(.string("")) }
        do {
            return .liquid(LiquidDirective(try LiquidTemplate.compile(source)))
        } catch {
            let pointer = "/" + location.joined(separator: "/")
            errors.append(MappingCompileError(location: location, text: "\(pointer) \(error.message)"))
            return .failure(error.message)
        }
    }
}
