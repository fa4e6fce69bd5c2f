/// An expression followed by a chain of filters: the body of `{{ … }}`, of `if`/`elsif`/`unless` conditions
/// and of `assign`.
struct LiquidFilteredValue: Sendable {
    var expression: LiquidExpression
    var filters: [FilterCall]

    /// One `| name: arg, …` in a chain.
    struct FilterCall: Sendable {
        var filter: LiquidFilter
        /// The positional arguments, in order.
        var arguments: [LiquidExpression]
        /// The `allow_false:` keyword argument of `default`.
        var allowFalse: LiquidExpression?
    }
}
