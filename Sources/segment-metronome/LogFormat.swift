import ArgumentParser

/// How log messages are written to standard error: `text` for people, `json` for log shippers.
enum LogFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// swift-log's stream format: `<time> <level> <label>: <message>`.
    case text
    /// One JSON object per line (see `JSONLogHandler`).
    case json
}
