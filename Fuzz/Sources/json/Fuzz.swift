// Fuzz target `json`: the line parser, navigation, string decoding and JSON.stringify output on
// arbitrary bytes. Anything may be rejected; nothing may crash, and what is accepted must print to
// text that parses and prints to the same text again.
import FuzzDriver
import SegmentJSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = JSONBytes(base: start, count: count)
    var parser = JSONLineParser()
    var document = JSONDocument()
    guard (try? parser.parse(bytes, into: &document)) != nil else { return 0 }
    let value = JSONValue(bytes, document.root)
    var text: [UInt8] = []
    JSONOutput.append(value, to: &text)
    // Output is JSON.stringify's (integer-like keys first, escapes normalised): printing what it
    // parses to must give the same text again.
    guard let again = try? JSONValue.parse(text) else { fatalError("output of an accepted value does not parse") }
    var second: [UInt8] = []
    JSONOutput.append(again, to: &second)
    if second != text { fatalError("output is not stable: \(String(decoding: text, as: UTF8.self))") }
    if document.root.kind == .object {
        JSONNavigator.forEachMember(bytes, in: document.root) { key, _ in
            _ = JSONNavigator.member(
                bytes, in: document.root,
                key: UnsafeRawBufferPointer(start: start + key.start, count: key.end - key.start))
        }
    }
    return 0
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
