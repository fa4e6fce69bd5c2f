// Fuzz target `json`: the line parser, navigation, string decoding and JSON.stringify output on
// arbitrary bytes. Anything may be rejected; nothing may crash, and what is accepted must print to
// text that parses and prints to the same text again (`FuzzChecks.JSONRoundTripCheck`).
import FuzzChecks
import FuzzDriver
import SegmentJSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let problem = JSONRoundTripCheck.problem(JSONBytes(base: start, count: count)) { fatalError(problem) }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
