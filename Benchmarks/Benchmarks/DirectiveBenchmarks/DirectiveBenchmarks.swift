// Per-directive micro-benchmarks of the mapping engine: trigger + mapping + event building, one thread.
//
// Every benchmark maps the same 1,000 pre-parsed events: the first generated `track` lines with a
// `userId`, each parsed once up front into its own `JSONDocument`, so parsing is not measured and the
// events stay in the CPU caches, as a line does in the pipeline, which maps it right after parsing it.
// Each mapping is the `@path`-only baseline with one field (or `properties`) computed by the directive
// under test; one more benchmark puts a `contains`/`and`/`or` trigger in front of the baseline, and one
// runs the baseline over 16,000 events that do not fit in the caches. The scaling factor is the number
// of events per iteration, so the default output is per event (rounded); `--scale` shows the totals per
// 1,000 events, which give mallocs per event to three decimals.
import Benchmark
import ConversionPipeline
import MetronomeEvents
import SegmentJSON
import SegmentMapping

/// Events per benchmark iteration: the scaling factor, so that results read per event.
let eventsPerIteration = 1_000

/// The first `count` generated `track` lines with a `userId`, parsed. The documents point into one buffer
/// that is never freed; each has its own member table.
func parsedEvents(_ count: Int) -> [JSONDocument] {
    let generator = CorpusGenerator(seed: 42)
    let selected = compile(subscribe: #"type = \"track\" and userId != null"#).trigger
    var text: [UInt8] = []
    var lineEnds: [Int] = []
    // About two lines in three are selected; generate enough, then keep the first `count` selected.
    for index in 0..<(count * 2 + 100) {
        generator.appendLine(index: index, to: &text)
        lineEnds.append(text.count)
    }
    let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
    _ = storage.initialize(from: text)
    let base = UnsafePointer(storage.baseAddress!)
    var parser = JSONLineParser()
    var documents: [JSONDocument] = []
    var start = 0
    for end in lineEnds where documents.count < count {
        var document = JSONDocument()
        try! parser.parse(JSONBytes(base: base + start, count: end - start), into: &document)
        if selected.matches(document) { documents.append(document) }
        start = end
    }
    precondition(documents.count == count, "the generated corpus has too few track events with a userId")
    return documents
}

/// The events every benchmark maps, one iteration's worth.
let events = parsedEvents(eventsPerIteration)

/// The events of the cache-cold baseline: 16 iterations' worth, about 21 MB of lines.
let coldEvents = parsedEvents(16 * eventsPerIteration)

/// Compiles the baseline mapping with the given trigger and field values.
///
/// `subscribe` is the trigger as it appears inside a JSON string (quotes escaped); the other arguments
/// are JSON values, by default the baseline's `@path`s.
func compile(
    subscribe: String = #"type = \"track\""#, customerId: String = #"{"@path":"$.userId"}"#,
    eventType: String = #"{"@path":"$.event"}"#, properties: String = #"{"@path":"$.properties"}"#
) -> CompiledMapping {
    let text = """
        {"mappings":[{"name":"bench","subscribe":"\(subscribe)","mapping":{
        "transaction_id":{"@path":"$.messageId"},"customer_id":\(customerId),"timestamp":{"@path":"$.timestamp"},
        "event_type":\(eventType),"properties":\(properties)}}]}
        """
    do {
        return try MappingFile.load(Array(text.utf8))[0]
    } catch {
        fatalError("the benchmark mapping does not load: \(error)\n\(text)")
    }
}

/// The benchmarked mappings, by the name they are reported under; the first is the baseline.
let cases: [(name: String, mapping: CompiledMapping)] = [
    ("@path only (baseline)", compile()),
    (
        "@path only, properties field by field",
        compile(
            properties: #"""
                {"endpoint":{"@path":"$.properties.endpoint"},"status":{"@path":"$.properties.status"},
                "plan":{"@path":"$.properties.plan"},"library":{"@path":"$.context.library.name"}}
                """#)
    ),
    (
        "trigger: contains/and/or",
        compile(
            subscribe: #"type = \"track\" and (event = \"API Call\" or contains(event, \"Used\")"#
                + #" or contains(event, \"Order\")) and properties.environment != \"staging\""#)
    ),
    ("@template", compile(eventType: #"{"@template":"{{event}} ({{context.library.name}})"}"#)),
    ("@literal", compile(eventType: #"{"@literal":"usage"}"#)),
    (
        "@if",
        compile(
            customerId: #"""
                {"@if":{"exists":{"@path":"$.context.groupId"},"then":{"@path":"$.context.groupId"},
                "else":{"@path":"$.userId"}}}
                """#)
    ),
    ("@case", compile(eventType: #"{"@case":{"operator":"lower","value":{"@path":"$.event"}}}"#)),
    (
        "@replace",
        compile(eventType: #"{"@replace":{"pattern":" ","replacement":"_","value":{"@path":"$.event"}}}"#)
    ),
    (
        "@arrayPath",
        compile(
            properties: #"""
                {"endpoint":{"@path":"$.properties.endpoint"},
                "items":{"@arrayPath":["$.properties.products",
                    {"id":{"@path":"$.product_id"},"price":{"@path":"$.price"},"quantity":{"@path":"$.quantity"}}]},
                "dimensions":{"@arrayPath":["$.properties.dimensions",
                    {"name":{"@path":"$.key"},"value":{"@path":"$.value"}}]}}
                """#)
    ),
    ("@flatten", compile(properties: #"{"@flatten":{"value":{"@path":"$.properties"},"separator":"_"}}"#)),
    (
        "@json (encode properties)",
        compile(properties: #"{"payload":{"@json":{"mode":"encode","value":{"@path":"$.properties"}}}}"#)
    ),
    (
        "@merge",
        compile(
            properties: #"""
                {"@merge":{"direction":"right","objects":[
                {"source":"segment","user":{"@path":"$.userId"}},{"@path":"$.properties"}]}}
                """#)
    ),
    (
        "@transform",
        compile(
            properties: #"""
                {"@transform":{"apply":{"props":{"@path":"$.properties"},"library":{"@path":"$.context.library.name"}},
                "mapping":{"library":{"@path":"$.library"},"environment":{"@path":"$.props.environment"},
                "session":{"@path":"$.props.session_id"}}}}
                """#)
    ),
    ("@excludeWhenNull", compile(properties: #"{"@excludeWhenNull":{"@path":"$.properties"}}"#)),
    ("@liquid", compile(eventType: #"{"@liquid":"{{ event | downcase | replace: ' ', '_' }}"}"#)),
]

/// What mapping a run of events gave.
struct Outcome {
    var written = 0
    var rejected = 0
}

/// Maps one event: the trigger, then the event if it matches.
@inline(__always)
func map(
    _ document: JSONDocument, _ plan: EventPlan, _ builder: EventBuilder, into out: inout [UInt8],
    _ outcome: inout Outcome
) {
    // The pipeline parses each line once and maps it once: start from no nested member tables, as
    // a freshly parsed line does, or every iteration after the first would find them built.
    document.forgetNestedMemberTables()
    guard plan.matches(document) else { return }
    if builder.append(plan, document, to: &out) == nil { outcome.written += 1 } else { outcome.rejected += 1 }
}

/// Registers the benchmark of `plan` over `corpus`, one window of `eventsPerIteration` events per iteration
/// (the window moves on each iteration, wrapping around).
///
/// Checks first, once, that the mapping writes events: a broken mapping must not benchmark nothing.
func register(_ name: String, _ plan: EventPlan, over corpus: [JSONDocument], _ builder: EventBuilder) {
    var check = Outcome()
    var output: [UInt8] = []
    for document in corpus { map(document, plan, builder, into: &output, &check) }
    precondition(check.written > 0, "\(name): the mapping wrote no events (\(check.rejected) rejected)")
    let windowSize = eventsPerIteration
    precondition(corpus.count % windowSize == 0)
    let windows = corpus.count / windowSize
    let outputCapacity = output.count / windows + (64 << 10)
    let written = check.written * windowSize / corpus.count
    var window = 0
    Benchmark("\(name) (\(written) of \(windowSize) written)") { benchmark in
        var out: [UInt8] = []
        out.reserveCapacity(outputCapacity)
        var outcome = Outcome()
        let first = window * windowSize
        window = (window + 1) % windows
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            map(corpus[first + index], plan, builder, into: &out, &outcome)
        }
        benchmark.stopMeasurement()
        blackHole(outcome.written)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        scalingFactor: BenchmarkScalingFactor(rawValue: eventsPerIteration)!,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    let builder = EventBuilder(rules: EventRules(nowMilliseconds: 4_000_000_000_000))
    for item in cases {
        register(item.name, EventPlan(item.mapping), over: events, builder)
    }
    register("@path only (baseline), cache-cold: 16,000 events", EventPlan(cases[0].mapping), over: coldEvents, builder)
}
