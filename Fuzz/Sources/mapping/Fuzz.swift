// Fuzz target `mapping`: the mapping-file loader and compiler (every shape, every directive, @liquid)
// on arbitrary bytes. Load errors are fine; crashes and hangs are not.
import FuzzDriver
import SegmentMapping

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    do {
        _ = try MappingFile.load(Array(UnsafeBufferPointer(start: start, count: count)))
    } catch {
        _ = error.description
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
