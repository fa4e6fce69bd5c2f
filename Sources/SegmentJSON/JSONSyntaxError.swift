/// Why a line is not valid JSON, and where: `column` is the 1-based byte column in the line.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: Int
    public var reason: String

    public init(column: Int, reason: String) {
        self.column = column
        self.reason = reason
    }

    public var description: String { "invalid JSON at column \(column): \(reason)" }
}
