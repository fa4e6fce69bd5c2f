/// A subscription that cannot be parsed; the description shows the trigger with a caret under the column.
public struct TriggerSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var trigger: String
    /// 1-based, counted in Unicode characters.
    public var column: Int
    public var message: String

    public var description: String {
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "invalid subscription at column \(column): \(message)\n  \(trigger)\n  \(caret)"
    }
}
