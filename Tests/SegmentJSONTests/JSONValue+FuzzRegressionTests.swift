import Foundation
import XCTest

@testable import SegmentJSON

/// The fuzz targets `json` and `json-diff` (Fuzz/Sources/json, Fuzz/Sources/json-diff) replayed on
/// every `regression-*` seed of their corpora, so `swift test` keeps what fuzzing found: a file added
/// to `Fuzz/corpus/json/` or `Fuzz/corpus/json-diff/` is checked here without a code change. The checks
/// are the targets' own, copied (the fuzz package cannot be a test dependency); keep them in step.
/// Then one test per finding of Fuzz/RESULTS.md.
final class JSONValueFuzzRegressionTests: XCTestCase {
    // MARK: Replaying every regression seed

    /// Every fuzz target's corpus has a replay in the tests of the module it fuzzes; a new target's
    /// corpus must get one (its checks are code).
    func testEveryFuzzCorpusHasAReplay() throws {
        let replayed: Set<String> = [
            "json", "json-diff",  // here
            "archive",  // SegmentArchiveTests/ArchiveReader+FuzzRegressionTests
            "trigger", "mapping",  // SegmentMappingTests/MappingFile+FuzzRegressionTests
            "evaluate",  // MetronomeEventsTests/EventBuilder+FuzzRegressionTests
        ]
        let corpora = try FileManager.default.contentsOfDirectory(atPath: FuzzCorpus.root)
        XCTAssertEqual(Set(corpora), replayed)
    }

    func testEveryJSONRegressionSeedPrintsStably() throws {
        let seeds = try FuzzCorpus.regressions("json")
        XCTAssertFalse(seeds.isEmpty, "Fuzz/RESULTS.md names a json regression seed")
        for (name, bytes) in seeds {
            if let problem = Self.jsonTargetProblem(bytes) { XCTFail("\(name): \(problem)") }
        }
    }

    func testEveryJSONDiffRegressionSeedAgreesWithFoundationOrIsADocumentedDifference() throws {
        let seeds = try FuzzCorpus.regressions("json-diff")
        XCTAssertGreaterThanOrEqual(seeds.count, 4, "Fuzz/RESULTS.md names four json-diff regression seeds")
        for (name, bytes) in seeds {
            if case .disagree(let problem) = JSONDifferential.compare(bytes) { XCTFail("\(name): \(problem)") }
        }
    }

    // MARK: The findings of Fuzz/RESULTS.md

    /// `json`: output puts integer-like keys first (JSON.stringify's order), so the parsed value of
    /// the output differs in order from the input's; what must hold is that printing is stable.
    func testIntegerLikeKeysPrintFirstAndPrintingIsStable() throws {
        let bytes = try FuzzCorpus.seed("json", "regression-integer-like-keys-reordered")
        XCTAssertNil(Self.jsonTargetProblem(bytes))
        let text = try XCTUnwrap(Self.printed(bytes))
        let properties = try XCTUnwrap(
            text.range(of: #""properties":{"#).map { String(text[$0.upperBound...]) })
        XCTAssertTrue(properties.hasPrefix(#""2":12345678901234567890,"10":[1.50,-0,1E3],"b":1,"a":"x/yA"}"#), text)
        XCTAssertNotEqual(try JSONValue.parse(text), try JSONValue.parse(bytes), "the order changed")
    }

    /// `json-diff`: Foundation accepts a trailing comma; JSON and `JSON.parse` do not, nor does the engine.
    func testFoundationAcceptsATrailingCommaTheEngineRefuses() throws {
        let bytes = try FuzzCorpus.seed("json-diff", "regression-foundation-accepts-trailing-comma")
        for text in [bytes, Array("[1,]".utf8), Array(#"{"a":1 , }"#.utf8)] {
            XCTAssertThrowsError(try JSONValue.parse(text), String(decoding: text, as: UTF8.self))
            XCTAssertEqual(JSONDifferential.compare(text), .excused("trailing comma"))
        }
    }

    /// `json-diff`: Foundation stops reading at a NUL byte (`0\0\0` is 0 to it); the engine refuses NUL.
    func testFoundationStopsAtNULTheEngineRefusesIt() throws {
        let bytes = try FuzzCorpus.seed("json-diff", "regression-foundation-stops-at-nul")
        XCTAssertEqual(bytes, [0x30, 0, 0])
        XCTAssertThrowsError(try JSONValue.parse(bytes))
        XCTAssertEqual(JSONDifferential.compare(bytes), .excused("NUL"))
    }

    /// `json-diff`: Foundation refuses numbers beyond Double's range; `JSON.parse` reads `1e388` as
    /// Infinity, and the engine does too while keeping the number's spelling.
    func testANumberBeyondDoubleRangeIsInfinityAndKeepsItsSpelling() throws {
        let bytes = try FuzzCorpus.seed("json-diff", "regression-number-beyond-double-range")
        guard case .array(let elements) = try JSONValue.parse(bytes), case .number(let first) = elements.first else {
            return XCTFail("not an array of numbers")
        }
        XCTAssertEqual(first.value, .infinity)
        XCTAssertEqual(first.text, "1e388")
        XCTAssertEqual(try JSONValue.parse("[1e388]").jsonText, "[1e388]")
        XCTAssertEqual(JSONDifferential.compare(bytes), .excused("beyond Double"))
    }

    /// `json-diff`: Foundation drops U+FEFF inside strings; `JSON.parse` keeps it, as the engine does
    /// (only a byte order mark at the start of a file is dropped, by the reader).
    func testByteOrderMarkInsideAStringIsKept() throws {
        let bytes = try FuzzCorpus.seed("json-diff", "regression-foundation-drops-bom-inside-strings")
        XCTAssertEqual(bytes, Array("[\"a\u{FEFF}b\",\"\u{FEFF}\"]".utf8))
        XCTAssertEqual(try JSONValue.parse(bytes), .array([.string("a\u{FEFF}b"), .string("\u{FEFF}")]))
        XCTAssertEqual(try JSONValue.parse(#"["\ufeff"]"#), .array([.string("\u{FEFF}")]), "escaped too")
        XCTAssertEqual(try JSONValue.parse(bytes).jsonText, "[\"a\u{FEFF}b\",\"\u{FEFF}\"]", "and printed")
        if case .disagree(let problem) = JSONDifferential.compare(bytes) { XCTFail(problem) }
    }

    // MARK: The `json` target's check

    /// What the `json` target would stop on for `bytes`: accepted text must print to text that
    /// parses and prints the same again; looking each member up by its key must not crash.
    static func jsonTargetProblem(_ bytes: [UInt8]) -> String? {
        var problem: String?
        JSONBytes.with(bytes) { input in
            var parser = JSONLineParser()
            var document = JSONDocument()
            guard (try? parser.parse(input, into: &document)) != nil else { return }
            var text: [UInt8] = []
            JSONOutput.append(JSONValue(input, document.root), to: &text)
            guard let again = try? JSONValue.parse(text) else {
                problem = "output of an accepted value does not parse"
                return
            }
            var second: [UInt8] = []
            JSONOutput.append(again, to: &second)
            if second != text {
                problem = "output is not stable: \(String(decoding: text, as: UTF8.self))"
                return
            }
            guard document.root.kind == .object else { return }
            JSONNavigator.forEachMember(input, in: document.root) { key, _ in
                _ = JSONNavigator.member(input, in: document.root, key: input.slice(key.start..<key.end))
            }
        }
        return problem
    }

    static func printed(_ bytes: [UInt8]) -> String? {
        guard let value = try? JSONValue.parse(bytes) else { return nil }
        return value.jsonText
    }
}

/// The committed fuzz corpora, `Fuzz/corpus/TARGET/`.
enum FuzzCorpus {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Fuzz/corpus"
    }()

    /// Every `regression-*` seed of `target`, by name, in name order.
    static func regressions(_ target: String) throws -> [(String, [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/" + target).filter { $0.hasPrefix("regression-") }
            .sorted().map { ($0, try seed(target, $0)) }
    }

    static func seed(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + target + "/" + name)))
    }
}

/// The `json-diff` target's comparison of the engine with Foundation's JSONSerialization, with the
/// target's excuses, each named.
enum JSONDifferential {
    enum Verdict: Equatable {
        /// Both refuse, or both accept with the same values.
        case agree
        /// Not compared (not UTF-8, too deep, a byte order mark first), or a documented difference.
        case excused(String)
        case disagree(String)
    }

    /// Nesting deeper than this is refused by the engine and Foundation has a different limit.
    static let depthLimit = 500

    static func compare(_ input: [UInt8]) -> Verdict {
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
