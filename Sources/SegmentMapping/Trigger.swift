import SegmentJSON

/// A compiled subscription (SEMANTICS 5.4): decides whether an event is sent to a mapping.
///
/// Parsed once by `TriggerParser`; `matches(_:)` runs per event, walking only the fields it names.
public indirect enum Trigger: Sendable {
    case all([Trigger])
    case any([Trigger])
    case not(Trigger)
    case compare(TriggerField, TriggerOperator, TriggerLiteral)
    /// `contains(f, "s")`; `negated` is the `!contains` form (false when the field is not a string).
    case contains(TriggerField, [UInt8], negated: Bool)
    /// `match(f, "p*")` / `match(f, "*p")`; `negated` for `!match`.
    case match(TriggerField, prefix: Bool, [UInt8], negated: Bool)
}

/// A field a trigger reads: top-level `type`/`event`/`name`/`userId`, or a path under `properties`,
/// `traits` or `context`.
public struct TriggerField: Sendable, Equatable {
    public let name: String
    public let segments: [[UInt8]]
    /// Each segment as an array index (canonical non-negative integer), decided once at compile time.
    let indexes: [Int?]

    public init(segments: [String]) {
        self.name = segments.joined(separator: ".")
        self.segments = segments.map { Array($0.utf8) }
        self.indexes = segments.map { JSONObject.integerValue($0).map(Int.init) }
    }
}

public enum TriggerOperator: String, Sendable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

public enum TriggerLiteral: Sendable, Equatable {
    case string([UInt8])
    case number(Double)
    case bool(Bool)
    case null
}

extension Trigger {
    /// The preset's subscription, `type = "track"`.
    public static let trackEvents = Trigger.compare(
        TriggerField(segments: ["type"]), .equal, .string(Array("track".utf8)))

    /// Whether the event matches. Flattens the trigger on every call: hot paths keep a
    /// `CompiledTrigger` (one per mapping) and call its `matches(_:)`, which this delegates to.
    public func matches(_ document: JSONDocument) -> Bool {
        CompiledTrigger(self).matches(document)
    }
}
