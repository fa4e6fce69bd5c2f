import Foundation
import SegmentJSON

/// The `json-diff` target's comparison of the engine with Foundation's JSONSerialization, with the
/// target's excuses, each named.
public enum JSONDifferential {
    public enum Verdict: Equatable, Sendable {
        /// Both refuse, or both accept with the same values.
        case agree
        /// Not compared (not UTF-8, too deep, a byte order mark first), or a documented difference.
        case excused(String)
        case disagree(String)
    }

    /// Nesting deeper than this is refused by the engine and Foundation has a different limit.
    public static let depthLimit = 500

    public static func compare(_ input: [UInt8]) -> Verdict {
        guard String(validating: input, as: UTF8.self) != nil else { return .excused("not UTF-8") }
        guard nesting(input) <= depthLimit else { return .excused("too deep") }
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { return .excused("byte order mark first") }
        let ours = try? JSONValue.parse(input)
        let theirs = try? JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed])
        let text = String(decoding: input, as: UTF8.self)
        switch (ours, theirs) {
        case (nil, nil):
            return .agree
        case (let value?, nil):
            if containsLoneSurrogateEscape(text) { return .excused("lone surrogate escape") }
            if containsInfinity(value) { return .excused("beyond Double") }
            return .disagree("accepted only by the engine: \(text) -> \(value.jsonText)")
        case (nil, _?):
            if input.contains(0) { return .excused("NUL") }
            if hasTrailingComma(input) { return .excused("trailing comma") }
            return .disagree("accepted only by Foundation: \(text)")
        case (let value?, let object?):
            if same(value, object) { return .agree }
            if containsByteOrderMark(input) { return .excused("U+FEFF inside a string") }
            return .disagree("different values: \(text) -> \(value.jsonText) vs \(object)")
        }
    }

    static func nesting(_ input: [UInt8]) -> Int {
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

    static func containsByteOrderMark(_ input: [UInt8]) -> Bool {
        guard input.count >= 3 else { return false }
        return (0...(input.count - 3)).contains { input[$0] == 0xEF && input[$0 + 1] == 0xBB && input[$0 + 2] == 0xBF }
    }

    static func hasTrailingComma(_ input: [UInt8]) -> Bool {
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

    static func containsInfinity(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): return number.value.isInfinite
        case .array(let elements): return elements.contains(where: containsInfinity)
        case .object(let object): return object.values.contains(where: containsInfinity)
        default: return false
        }
    }

    static func containsLoneSurrogateEscape(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"].contains {
            lowered.contains($0)
        }
    }

    static func same(_ value: JSONValue, _ object: Any) -> Bool {
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

    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
