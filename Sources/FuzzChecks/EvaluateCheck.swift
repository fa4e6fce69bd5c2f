import MetronomeEvents
import SegmentJSON
import SegmentMapping

/// The `evaluate` target's check: a mapping set exercising every directive, evaluated on an event line
/// as the pipeline's mapper does (parse, trigger, directives, Segment's validation, output); every
/// event it makes must be one valid JSON line. Rejections are fine. O(input × mappings).
public enum EvaluateCheck {
    /// Two mappings: the preset's shape, and one using every directive behind a compound trigger.
    public static let mappingFile = #"""
        {"mappings":[
         {"name":"preset","subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}},
         {"name":"all","subscribe":"type = \"track\" and (contains(event, \"API\") or properties.plan = \"pro\") and userId != null","mapping":{
           "transaction_id":{"@template":"{{messageId}}-x"},
           "customer_id":{"@if":{"exists":{"@path":"$.context.groupId"},"then":{"@path":"$.context.groupId"},"else":{"@path":"$.userId"}}},
           "timestamp":{"@path":"$.timestamp"},
           "event_type":{"@case":{"operator":"lower","value":{"@replace":{"pattern":" ","replacement":"_","value":{"@path":"$.event"}}}}},
           "properties":{"@merge":{"objects":[{"@flatten":{"value":{"@path":"$.properties"},"separator":"."}},{"json":{"@json":{"mode":"encode","value":{"@path":"$.context"}}},"first":{"@arrayPath":["$.properties.tags",{"t":{"@path":"$"}}]},"l":{"@literal":"x"},"liq":{"@liquid":"{{ event | downcase | append: '!' }}"},"t":{"@transform":{"apply":{"n":{"@path":"$.properties.n"}},"mapping":{"m":{"@path":"$.n"}}}},"e":{"@excludeWhenNull":{"@path":"$.properties.missing"}}}],"direction":"right"}}
         }}
        ]}
        """#

    /// The mapping set's plans; compiling it is checked by `swift test`.
    public static func makePlans() throws -> [EventPlan] {
        try MappingFile.load(Array(mappingFile.utf8)).map(EventPlan.init)
    }

    /// The rules the events are checked against (reference time 2024-06-01).
    public static func makeBuilder() -> EventBuilder {
        EventBuilder(rules: EventRules(nowMilliseconds: 1_717_200_000_000))
    }

    /// Evaluates every plan on `bytes`; adds the events made to `events`.
    public static func problem(
        _ bytes: [UInt8], plans: [EventPlan], builder: EventBuilder, events: inout Int
    ) -> String? {
        JSONBytes.with(bytes) { problem($0, plans: plans, builder: builder, events: &events) }
    }

    /// The same on bytes in place (the fuzz target passes libFuzzer's buffer).
    public static func problem(
        _ input: JSONBytes, plans: [EventPlan], builder: EventBuilder, events: inout Int
    ) -> String? {
        var parser = JSONLineParser()
        var document = JSONDocument()
        guard (try? parser.parse(input, into: &document)) != nil, document.root.kind == .object else { return nil }
        var out: [UInt8] = []
        for plan in plans where plan.matches(document) {
            let before = out.count
            if builder.append(plan, document, to: &out) == nil {
                events += 1
                let line = Array(out[before...].dropLast())
                if (try? JSONValue.parse(line)) == nil {
                    return "an event that is not JSON: \(String(decoding: line, as: UTF8.self))"
                }
            }
        }
        return nil
    }
}
