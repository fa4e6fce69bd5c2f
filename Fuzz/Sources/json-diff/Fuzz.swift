import Foundation
// Fuzz target `json-diff`: the JSON engine against Foundation's JSONSerialization. For valid UTF-8
// input, each accepts exactly what the other accepts, with the same values. The engine's documented
// differences are encoded below, each with its reason; nothing else is excused.
import FuzzDriver
import SegmentJSON

/// Nesting deeper than this is refused by the engine (Segment-like lines never nest so deep) and
/// Foundation has its own, different limit: compare only shallower texts.
let depthLimit = 500

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = UnsafeBufferPointer(start: start, count: count)
    // Foundation detects UTF-16/32 by their byte patterns; the engine reads UTF-8 only.
    guard String(validating: input, as: UTF8.self) != nil else { return 0 }
    guard nesting(input) <= depthLimit else { return 0 }
    // The engine drops a UTF-8 byte order mark at the start of a file, not of a JSON text.
    if count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { return 0 }
    let ours = try? JSONValue.parse(Array(input))
    let theirs = try? JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
    switch (ours, theirs) {
    case (nil, nil):
        return 0
    case (let value?, nil):
        // Foundation refuses lone surrogate escapes (\ud800) that JSON.parse accepts, as the engine does.
        if containsLoneSurrogateEscape(input) { return 0 }
        // Foundation refuses numbers beyond Double's range; JSON.parse reads them as Infinity, and the
        // engine keeps their spelling.
        if containsInfinity(value) { return 0 }
        fatalError("accepted only by the engine: \(String(decoding: input, as: UTF8.self)) -> \(value.jsonText)")
    case (nil, _?):
        // Foundation stops reading at a NUL byte ("0\0" is 0 to it); JSON does not allow NUL outside
        // strings (and not raw inside them), and neither does the engine.
        if input.contains(0) { return 0 }
        // Foundation accepts a trailing comma (`[1,]`, `{"a":1,}`); JSON and JSON.parse do not.
        if hasTrailingComma(input) { return 0 }
        fatalError("accepted only by Foundation: \(String(decoding: input, as: UTF8.self))")
    case (let value?, let object?):
        // Foundation drops U+FEFF (a byte order mark) inside strings; JSON.parse keeps it, as the
        // engine does.
        if !same(value, object) && containsByteOrderMark(input) { return 0 }
        if !same(value, object) {
            fatalError("different values: \(String(decoding: input, as: UTF8.self)) -> \(value.jsonText) vs \(object)")
        }
        return 0
    }
}

func nesting(_ input: UnsafeBufferPointer<UInt8>) -> Int {
    var depth = 0
    var deepest = 0
    var inString = false
    var escaped = false
    for byte in input {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            continue
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            deepest = max(deepest, depth)
        case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
        default: break
        }
    }
    return deepest
}

func containsByteOrderMark(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
    guard input.count >= 3 else { return false }
    return (0...(input.count - 3)).contains { input[$0] == 0xEF && input[$0 + 1] == 0xBB && input[$0 + 2] == 0xBF }
}

func hasTrailingComma(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
    var inString = false
    var escaped = false
    var afterComma = false
    for byte in input {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            continue
        }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
        case UInt8(ascii: "]"), UInt8(ascii: "}"): if afterComma { return true }
        case UInt8(ascii: "\""): inString = true
        default: break
        }
        afterComma = byte == UInt8(ascii: ",")
    }
    return false
}

func containsInfinity(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let number): return number.value.isInfinite
    case .array(let elements): return elements.contains(where: containsInfinity)
    case .object(let object): return object.values.contains(where: containsInfinity)
    default: return false
    }
}

func containsLoneSurrogateEscape(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
    let text = String(decoding: input, as: UTF8.self).lowercased()
    return text.contains("\\ud8") || text.contains("\\ud9") || text.contains("\\uda") || text.contains("\\udb")
        || text.contains("\\udc") || text.contains("\\udd") || text.contains("\\ude") || text.contains("\\udf")
}

func same(_ value: JSONValue, _ object: Any) -> Bool {
    switch value {
    case .null:
        return object is NSNull
    case .bool(let flag):
        guard let number = object as? NSNumber, isBoolean(number) else { return false }
        return number.boolValue == flag
    case .number(let number):
        guard let theirs = object as? NSNumber, !isBoolean(theirs) else { return false }
        let ours = number.value
        let other = theirs.doubleValue
        if ours == other || (ours.isNaN && other.isNaN) { return true }
        // Foundation reads long integers as Int64/UInt64/Decimal and rounds differently past 2^53;
        // the engine keeps the spelling and reads the value as JavaScript does. Equal to 1e-15.
        return abs(ours - other) <= abs(ours) * 1e-15 || (ours.isInfinite && abs(other) > 1e308)
    case .string(let string):
        return (object as? String) == string
    case .array(let elements):
        guard let theirs = object as? [Any], theirs.count == elements.count else { return false }
        return zip(elements, theirs).allSatisfy { same($0, $1) }
    case .object(let members):
        guard let theirs = object as? [String: Any] else { return false }
        let pairs = members.orderedMembers
        guard Set(pairs.map(\.key)) == Set(theirs.keys) else { return false }
        return pairs.allSatisfy { pair in theirs[pair.key].map { same(pair.value, $0) } ?? false }
    }
}

func isBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
}

@main
enum Main {
    static func main() { runFuzzer(fuzz) }
}
