import Foundation
// Fuzz target `archive`: gzip detection, inflation (ISA-L or zlib) and NDJSON line framing on
// arbitrary bytes written to a `.gz` file, with small chunks and a small line limit so framing edge
// cases (lines across chunks, overlong lines, damaged tails) come up often. Every emitted chunk must
// hold whole lines; failures must be reported, never crash.
import FuzzDriver
import SegmentArchive

let path = NSTemporaryDirectory() + "fuzz-archive-\(getpid()).gz"
let reader = ArchiveReader(chunkSize: 4096, maximumLineBytes: 1024, inputBlockSize: 512)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: start, count: count))
    var total = 0
    let result = reader.read(ArchiveFile(path: path, relativePath: "fuzz.gz")) { item in
        switch item {
        case .lines(let chunk):
            if chunk.count > 4096 + 1024 { fatalError("a chunk outgrew its buffer") }
            total += chunk.count
        case .overlongLine(let prefix, let length), .damagedTail(let prefix, let length):
            if prefix.count > length { fatalError("a prefix longer than its line") }
        }
    }
    if result.failure == nil && Int64(total) > result.bytesOut { fatalError("more line bytes than inflated bytes") }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
