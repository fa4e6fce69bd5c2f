/// One problem found when a mapping is loaded: a static-validation error (SEMANTICS 4.8), a root
/// directive that cannot be used (4.1 step 3), or a `@liquid` template the engine refuses (4.6).
public struct MappingCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mapping keys, directive names and option names leading to the problem (`["obj", "@path"]`);
    /// empty at the root.
    public var location: [String]
    /// The full message as upstream words it, location included for validation errors:
    /// `/obj/@path should be a string or a mapping directive but it is a number.`
    public var text: String

    public init(location: [String], text: String) {
        self.location = location
        self.text = text
    }

    /// A static-validation error in upstream's format `/<location> <message>.`.
    static func validation(_ message: String, at location: [String]) -> MappingCompileError {
        MappingCompileError(location: location, text: "/\(location.joined(separator: "/")) \(message).")
    }

    /// The location as a slash path (`/obj/@path`, `/` at the root).
    public var pointer: String { "/" + location.joined(separator: "/") }

    public var description: String { text }
}
