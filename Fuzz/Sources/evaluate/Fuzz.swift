// Fuzz target `evaluate`: the compiled mappings evaluated on arbitrary event lines, as the pipeline's
// mapper does: parse, trigger, every directive, Segment's validation, output. A realistic mapping set
// exercising every directive is compiled once. Rejections are fine; every event produced must be one
// valid JSON line.
import FuzzDriver
import MetronomeEvents
import SegmentJSON
import SegmentMapping

let mappingFile = #"""
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
let mappings: [CompiledMapping] = {
    do {
        return try MappingFile.load(Array(mappingFile.utf8))
    } catch {
        fatalError("the fuzz mapping set does not load: \(error)")
    }
}()
let plans = mappings.map(EventPlan.init)
let builder = EventBuilder(rules: EventRules(nowMilliseconds: 1_717_200_000_000))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = JSONBytes(base: start, count: count)
    var parser = JSONLineParser()
    var document = JSONDocument()
    guard (try? parser.parse(bytes, into: &document)) != nil, document.root.kind == .object else { return 0 }
    var out: [UInt8] = []
    for plan in plans where plan.matches(document) {
        let before = out.count
        if builder.append(plan, document, to: &out) == nil {
            let line = Array(out[before...].dropLast())
            if (try? JSONValue.parse(line)) == nil { fatalError("an event that is not JSON: \(line)") }
        }
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
