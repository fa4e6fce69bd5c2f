// Fuzz target `evaluate`: the compiled mappings evaluated on arbitrary event lines, as the pipeline's
// mapper does (`FuzzChecks.EvaluateCheck`: parse, trigger, every directive, Segment's validation,
// output). Its mapping set is compiled once. Rejections are fine; every event produced must be one
// valid JSON line.
import FuzzChecks
import FuzzDriver
import MetronomeEvents
import SegmentJSON

let plans: [EventPlan] = {
    do {
        return try EvaluateCheck.makePlans()
    } catch {
        fatalError("the fuzz mapping set does not load: \(error)")
    }
}()
let builder = EvaluateCheck.makeBuilder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var events = 0
    if let problem = EvaluateCheck.problem(
        JSONBytes(base: start, count: count), plans: plans, builder: builder, events: &events)
    {
        fatalError(problem)
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
