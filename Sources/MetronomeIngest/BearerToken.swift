import Foundation

/// Metronome's API token, kept out of every log line, error and report.
///
/// `description` and `debugDescription` print `<redacted>`, so interpolating a token by mistake (in a
/// log message, an error, `dump` or a mirror) cannot leak it; only `authorizationHeader` reveals it, for the one
/// place that needs it.
public struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: String

    /// A token from its text; leading and trailing whitespace (a token file's final newline) is removed.
    /// Nil when nothing is left.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    /// The `Authorization` header value.
    public var authorizationHeader: String { "Bearer " + secret }

    /// True when `text` contains the token (for tests and for scrubbing server messages).
    public func occurs(in text: String) -> Bool { text.contains(secret) }

    /// Replaces every occurrence of the token in `text` (a server may echo a header back).
    public func scrub(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "<redacted>") }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    /// No children: `dump` and debuggers show `<redacted>` only.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
