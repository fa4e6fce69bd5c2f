import SegmentJSON

/// A compiled `@liquid` template (SEMANTICS 4.6): the subset of LiquidJS that segment-metronome renders exactly.
///
/// Supported: text; `{{ value | filter: arg, … }}`; variables (`a.b`, `a[0]`, `a["b"]`, `a[b]`, `size`/`first`/
/// `last`/`length`); string, number, `true`/`false`, `nil`/`null`, `empty`/`blank` literals; the operators
/// `==`, `!=`, `<`, `<=`, `>`, `>=`, `contains`, `and`, `or`; the tags `if`/`elsif`/`else`, `unless`, `assign`,
/// `capture`, `comment`, `raw`; whitespace control; and the filters of `LiquidFilter`. Anything else is refused by
/// `compile`, naming the construct, so nothing is ever rendered approximately.
public struct LiquidTemplate: Sendable {
    /// The longest template accepted, in UTF-16 code units (JavaScript string length), as upstream.
    public static let maximumLength = 1000

    private let nodes: [LiquidNode]

    private init(nodes: [LiquidNode]) {
        self.nodes = nodes
    }

    /// Parses and checks the template; throws for anything unsupported/disabled/too long.
    public static func compile(_ source: String) throws(LiquidError) -> LiquidTemplate {
        let units = Array(source.utf16)
        if units.isEmpty { return LiquidTemplate(nodes: []) }
        if units.count > maximumLength {
            throw LiquidError("liquid template values are limited to \(maximumLength) characters")
        }
        return LiquidTemplate(nodes: try LiquidParser.parse(units))
    }

    /// Renders with `payload` (the event, an object) as the variable scope.
    public func render(_ payload: JSONValue) throws(LiquidError) -> String {
        try render(payload, now: LiquidDate.currentTime())
    }

    /// Renders with `now` (milliseconds since the epoch) as the time `"now"` means to the `date` filter.
    func render(_ payload: JSONValue, now: Double) throws(LiquidError) -> String {
        var renderer = LiquidRenderer(payload: payload, now: now)
        return try renderer.render(nodes)
    }
}
