/// Why resolving a mapping failed for one event, with upstream's exact message
/// (`@template: expected string, got number`, `data must be an object, got array`, ...).
///
/// Upstream throws these from `transform`, so the whole event fails; the event builder turns one into
/// a rejection.
public struct MappingRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
