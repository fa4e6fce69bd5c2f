@testable import SegmentJSON

/// A deterministic generator of nested JSON values for property-style tests (a 64-bit LCG; the same
/// seed always gives the same values).
struct JSONGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// Any value, containers at most `depth` deep.
    mutating func value(depth: Int, keyPrefix: String) -> JSONValue {
        switch next(depth > 0 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2: return .number(JSONNumber(Double(next(2_000_001) - 1_000_000) / Double([1, 10, 1000][next(3)])))
        case 3: return .number(JSONNumber(text: ["0", "-0", "1e21", "5e-7", "1.50", "12345678901234567890"][next(6)]))
        case 4, 5: return .string(string())
        case 6, 7: return object(depth: depth - 1, keyPrefix: keyPrefix)
        default: return array(depth: depth - 1, keyPrefix: keyPrefix)
        }
    }

    mutating func object(depth: Int, keyPrefix: String) -> JSONValue {
        var object = JSONObject()
        for index in 0..<next(4) { object["\(keyPrefix)\(index)"] = value(depth: depth, keyPrefix: keyPrefix) }
        return .object(object)
    }

    mutating func array(depth: Int, keyPrefix: String) -> JSONValue {
        .array((0..<next(4)).map { _ in value(depth: depth, keyPrefix: keyPrefix) })
    }

    /// A string drawn from ASCII, escapes, non-ASCII and emoji.
    mutating func string() -> String {
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "ß", "Σ", "😀", "{{x}}", "0", "\u{2028}",
        ]
        return (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
    }
}
