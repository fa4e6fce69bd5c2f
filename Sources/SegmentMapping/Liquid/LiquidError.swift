/// Why a `@liquid` template was rejected when it was compiled, or why rendering it failed.
///
/// Messages are normative where SEMANTICS 4.6 quotes them (`liquid template values are limited to 1000
/// characters`, `tag "for" is disabled`, `filter "sort" is disabled`); everything the product does not implement
/// is named in the message (`filter "url_encode" is not supported by segment-metronome`).
public struct LiquidError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
