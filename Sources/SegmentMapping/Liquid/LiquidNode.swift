/// A compiled piece of a Liquid template.
indirect enum LiquidNode: Sendable {
    /// Literal text (including the body of `raw`).
    case text(String)
    /// `{{ value | filters }}`.
    case output(LiquidFilteredValue)
    /// `if`/`elsif`/`else` or `unless`/`elsif`/`else`: the first branch whose test passes renders, else
    /// `otherwise`.
    case conditional([Branch], otherwise: [LiquidNode])
    /// `{% assign name = value | filters %}`.
    case assign(String, LiquidFilteredValue)
    /// `{% capture name %}…{% endcapture %}`.
    case capture(String, [LiquidNode])

    /// One condition of a conditional and what it renders.
    struct Branch: Sendable {
        var condition: LiquidFilteredValue
        /// True for `if`/`elsif` (renders when the condition is truthy), false for `unless` (when falsy).
        var rendersWhenTruthy: Bool
        var body: [LiquidNode]
    }
}
