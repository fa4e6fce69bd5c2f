import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `CompiledTrigger`, the flat form every trigger is evaluated in (`Trigger.matches` delegates to it,
/// so `TriggerTests` and the fql vectors test it too): one instance reused across lines, string
/// searches on raw and escaped values, array and nested-object fields, and the byte search itself.
final class CompiledTriggerTests: XCTestCase {
    func matches(_ compiled: CompiledTrigger, _ line: String) throws -> Bool {
        try MappingTestSupport.withDocument(line) { compiled.matches($0) }
    }

    func testOneInstanceAnswersForEveryLine() throws {
        let compiled = CompiledTrigger(
            try TriggerParser.parse(
                #"type = "track" and (contains(event, "Call") or properties.plan = "pro") and !match(event, "Test*")"#))
        let expectations: [(String, Bool)] = [
            (#"{"type":"track","event":"API Call"}"#, true),
            (#"{"type":"track","event":"Test Call"}"#, false),
            (#"{"type":"track","event":"Signup","properties":{"plan":"pro"}}"#, true),
            (#"{"type":"track","event":"Signup","properties":{"plan":"free","plan":"pro"}}"#, true),
            (#"{"type":"track","event":"Signup","properties":{"plan":"pro","plan":"free"}}"#, false),
            (#"{"type":"identify","event":"API Call"}"#, false),
            (#"{"type":"track"}"#, false),
        ]
        for round in 0..<2 {
            for (line, expected) in expectations {
                XCTAssertEqual(try matches(compiled, line), expected, "\(line), round \(round)")
            }
        }
    }

    func testContainsAndMatchReadEscapedStringsDecoded() throws {
        let contains = CompiledTrigger(try TriggerParser.parse(#"contains(event, "é C")"#))
        XCTAssertTrue(try matches(contains, #"{"event":"Caf\u00e9 Call"}"#))
        XCTAssertTrue(try matches(contains, #"{"event":"Café Call"}"#))
        XCTAssertFalse(try matches(contains, #"{"event":"Cafe Call"}"#))
        let prefix = CompiledTrigger(try TriggerParser.parse(#"match(event, '"Q*')"#))
        XCTAssertTrue(try matches(prefix, #"{"event":"\"Quoted\""}"#))
        XCTAssertFalse(try matches(prefix, #"{"event":"Quoted"}"#))
        let suffix = CompiledTrigger(try TriggerParser.parse(#"match(event, "*d")"#))
        XCTAssertTrue(try matches(suffix, #"{"event":"Ende\u0064"}"#))
        XCTAssertFalse(try matches(suffix, #"{"event":""}"#))
        XCTAssertFalse(try matches(suffix, #"{"event":5}"#))
    }

    func testFieldsThroughArraysAndNestedObjects() throws {
        let compiled = CompiledTrigger(
            try TriggerParser.parse(#"properties.items.1.sku = "b" and context.page.path != null"#))
        XCTAssertTrue(
            try matches(
                compiled, #"{"properties":{"items":[{"sku":"a"},{"sku":"b"}]},"context":{"page":{"path":"/"}}}"#))
        XCTAssertFalse(
            try matches(compiled, #"{"properties":{"items":[{"sku":"b"}]},"context":{"page":{"path":"/"}}}"#))
        XCTAssertFalse(try matches(compiled, #"{"properties":{"items":[{"sku":"a"},{"sku":"b"}]},"context":{}}"#))
        // An index too large for any line is simply not there.
        let huge = CompiledTrigger(try TriggerParser.parse(#"properties.items.9999999999 = null"#))
        XCTAssertTrue(try matches(huge, #"{"properties":{"items":[1,2]}}"#))
    }

    func testByteSearch() {
        func occurs(_ needle: String, _ haystack: String) -> Bool {
            Array(needle.utf8).withUnsafeBytes { n in
                Array(haystack.utf8).withUnsafeBytes { CompiledTrigger.occurs(n, in: $0) }
            }
        }
        XCTAssertTrue(occurs("", ""))
        XCTAssertTrue(occurs("", "abc"))
        XCTAssertFalse(occurs("a", ""))
        XCTAssertTrue(occurs("abc", "abc"))
        XCTAssertTrue(occurs("c", "abc"))
        XCTAssertTrue(occurs("aab", "aaab"))
        XCTAssertFalse(occurs("abcd", "abc"))
        XCTAssertFalse(occurs("bd", "abcabc"))
        XCTAssertTrue(occurs("ca", "abcabc"))
        for _ in 0..<500 {
            let haystack = String((0..<Int.random(in: 0...20)).map { _ in "ab".randomElement()! })
            let needle = String((0..<Int.random(in: 0...4)).map { _ in "ab".randomElement()! })
            XCTAssertEqual(
                occurs(needle, haystack), needle.isEmpty || haystack.contains(needle), "\(needle) in \(haystack)")
        }
    }
}
