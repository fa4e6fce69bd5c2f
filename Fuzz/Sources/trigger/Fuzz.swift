// Fuzz target `trigger`: the trigger parser on arbitrary text, and every trigger it accepts evaluated
// on a fixed event (`FuzzChecks.TriggerCheck`); a refusal must name a column within the text.
import FuzzChecks
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let problem = TriggerCheck.problem(Array(UnsafeBufferPointer(start: start, count: count))) {
        fatalError(problem)
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
