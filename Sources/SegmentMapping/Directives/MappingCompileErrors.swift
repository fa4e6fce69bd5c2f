/// Every problem found when a mapping was loaded (all of them, not just the first), in the order
/// upstream reports them.
public struct MappingCompileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [MappingCompileError]

    public init(_ errors: [MappingCompileError]) {
        self.errors = errors
    }

    /// The messages, one per line.
    public var description: String { errors.map(\.text).joined(separator: "\n") }

    /// The errors as mapping-file errors at `place` (`mappings[2].mapping`), the message keeping
    /// upstream's `/location` form.
    public func mappingErrors(place: String) -> [MappingError] {
        errors.map { MappingError(place: place, message: $0.text) }
    }
}
