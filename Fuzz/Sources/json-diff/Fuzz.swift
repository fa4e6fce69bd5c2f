// Fuzz target `json-diff`: the JSON engine against Foundation's JSONSerialization. For valid UTF-8
// input, each accepts exactly what the other accepts, with the same values. The engine's documented
// differences are excused in `FuzzChecks.JSONDifferential`, each with its reason; nothing else is.
import FuzzChecks
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if case .disagree(let problem) = JSONDifferential.compare(Array(UnsafeBufferPointer(start: start, count: count))) {
        fatalError(problem)
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
