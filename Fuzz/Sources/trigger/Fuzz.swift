// Fuzz target `trigger`: the trigger parser on arbitrary text, and every trigger it accepts evaluated
// on a fixed event. Errors are fine (they carry a column); crashes and hangs are not.
import FuzzDriver
import SegmentJSON
import SegmentMapping

let event = Array(
    #"{"type":"track","event":"API Call","userId":"u1","properties":{"plan":"pro","n":3,"tags":["a","b"],"nested":{"x":null}},"context":{"groupId":"acct_1"}}"#
        .utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let trigger = try TriggerParser.parse(text)
        var parser = JSONLineParser()
        var document = JSONDocument()
        event.withUnsafeBufferPointer { buffer in
            let bytes = JSONBytes(base: buffer.baseAddress!, count: buffer.count)
            try! parser.parse(bytes, into: &document)
            _ = trigger.matches(document)
        }
    } catch {
        _ = error.description
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
