// Fuzz target `mapping`: the mapping-file loader and compiler on arbitrary bytes
// (`FuzzChecks.MappingLoadCheck`): it loads or throws an error that describes itself.
import FuzzChecks
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let problem = MappingLoadCheck.problem(Array(UnsafeBufferPointer(start: start, count: count))) {
        fatalError(problem)
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
