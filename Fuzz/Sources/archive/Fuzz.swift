// Fuzz target `archive`: the gzip-aware NDJSON reader on arbitrary bytes named `.gz`, with small
// chunks and a small line limit (`FuzzChecks.ArchiveFramingCheck`). Failures are fine; a chunk that
// outgrows its buffer, a kept prefix longer than its line, or more line bytes than inflated are not.
import Foundation
import FuzzChecks
import FuzzDriver

let path = NSTemporaryDirectory() + "fuzz-archive-\(getpid()).gz"
let reader = ArchiveFramingCheck.makeReader()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    if let problem = try! ArchiveFramingCheck.problem(bytes, path: path, reader: reader) { fatalError(problem) }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
