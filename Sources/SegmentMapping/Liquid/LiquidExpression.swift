/// A compiled Liquid expression: a literal, a variable path, or an operator applied to two expressions.
indirect enum LiquidExpression: Sendable {
    /// A string, number, boolean, `nil`, `empty` or `blank` literal.
    case literal(LiquidValue)
    /// A variable path: the root name first, then each property (`a.b[0]["c"][d]`); every segment is an
    /// expression because brackets may hold a variable (`a[d]`).
    case variable([LiquidExpression])
    /// `lhs <operator> rhs`.
    case binary(Operator, LiquidExpression, LiquidExpression)

    /// The binary operators of Liquid conditions.
    enum Operator: String, Sendable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case contains
        case and
        case or

        /// LiquidJS's precedence: comparisons bind tighter than `and`/`or`, which share one level; operators of
        /// equal precedence group to the right (`a and b or c` is `a and (b or c)`).
        var precedence: Int {
            switch self {
            case .and, .or: return 0
            default: return 2
            }
        }
    }
}
