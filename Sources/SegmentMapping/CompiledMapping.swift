import SegmentJSON

/// One mapping, ready for the hot loop: its trigger and its field programs in mapping key order.
public struct CompiledMapping: Sendable {
    public var name: String
    public var enabled: Bool
    public var trigger: Trigger
    /// The subscription text, for messages.
    public var subscription: String
    /// Output fields in the mapping's key order (empty when `wholeMapping` is set).
    public var fields: [(name: String, program: ValueProgram)]
    /// A mapping that cannot be evaluated field by field (a root-level directive): it is transformed
    /// whole and the fields are read from the resulting object.
    public var wholeMapping: MappingProgram?

    public init(
        name: String, enabled: Bool = true, subscription: String, trigger: Trigger,
        fields: [(name: String, program: ValueProgram)], wholeMapping: MappingProgram? = nil
    ) {
        self.name = name
        self.enabled = enabled
        self.subscription = subscription
        self.trigger = trigger
        self.fields = fields
        self.wholeMapping = wholeMapping
    }

    /// Segment's "Send track events to Metronome" preset (SEMANTICS 2.2): trigger `type = "track"`,
    /// fields from `messageId`, `context.groupId`, `timestamp`, `event`, `properties`.
    public static let segmentPreset = CompiledMapping(
        name: "Send track events to Metronome",
        subscription: "type = \"track\"",
        trigger: .trackEvents,
        fields: [
            ("transaction_id", .path(FieldPath("$.messageId"))),
            ("customer_id", .path(FieldPath("$.context.groupId"))),
            ("timestamp", .path(FieldPath("$.timestamp"))),
            ("event_type", .path(FieldPath("$.event"))),
            ("properties", .path(FieldPath("$.properties"))),
        ])
}
