import Foundation
import FuzzChecks
import XCTest

@testable import SegmentJSON

/// The fuzz targets `json` and `json-diff` (Fuzz/Sources/json, Fuzz/Sources/json-diff) replayed on
/// every `regression-*` seed of their corpora, so `swift test` keeps what fuzzing found: a file added
/// to `Fuzz/corpus/json/` or `Fuzz/corpus/json-diff/` is checked here without a code change. The checks
/// are the targets' own (`FuzzChecks`: `JSONRoundTripCheck`, `JSONDifferential`).
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
            if let problem = JSONRoundTripCheck.problem(bytes) { XCTFail("\(name): \(problem)") }
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
        XCTAssertNil(JSONRoundTripCheck.problem(bytes))
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
