import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `Trigger.matches(_:)` against SEMANTICS 5.2-5.5 and every evaluation case of
/// `testdata/vectors/fql.json`.
final class TriggerTests: XCTestCase {
    // MARK: Helpers

    /// Parses `subscription` and evaluates it on the event `line`; nil (after a failure) when either
    /// does not parse.
    private func evaluate(
        _ subscription: String, on line: String, file: StaticString = #filePath, line testLine: UInt = #line
    ) -> Bool? {
        let trigger: Trigger
        do {
            trigger = try TriggerParser.parse(subscription)
        } catch {
            XCTFail("\(subscription.debugDescription) did not parse: \(error)", file: file, line: testLine)
            return nil
        }
        do {
            return try MappingTestSupport.withDocument(line) { trigger.matches($0) }
        } catch {
            XCTFail("event did not parse: \(line): \(error)", file: file, line: testLine)
            return nil
        }
    }

    private func assertMatches(
        _ subscription: String, _ line: String, _ expected: Bool, file: StaticString = #filePath, testLine: UInt = #line
    ) {
        guard let result = evaluate(subscription, on: line, file: file, line: testLine) else { return }
        XCTAssertEqual(result, expected, "\(subscription) on \(line)", file: file, line: testLine)
    }

    // MARK: Vectors

    func testEveryEvaluationVector() throws {
        let cases = try MappingTestSupport.vectorCases("fql.json")
        XCTAssertGreaterThan(cases.count, 0, "fql.json has no cases")
        let evaluationCases = cases.filter { if case .bool? = $0["expected"] { return true } else { return false } }
        XCTAssertGreaterThan(evaluationCases.count, 0, "fql.json has no evaluation cases")
        XCTAssertEqual(
            evaluationCases.count
                + cases.filter { if case .object? = $0["expected"] { return true } else { return false } }.count,
            cases.count, "every fql.json case expects a boolean or an error")
        var passed = 0
        for testCase in evaluationCases {
            guard case .string(let name)? = testCase["name"], case .string(let fql)? = testCase["fql"],
                let event = testCase["event"], case .bool(let expected)? = testCase["expected"]
            else {
                XCTFail("malformed evaluation case: \(testCase)")
                continue
            }
            let trigger: Trigger
            do {
                trigger = try TriggerParser.parse(fql)
            } catch {
                XCTFail("fql.json \(name.debugDescription): \(fql.debugDescription) did not parse: \(error)")
                continue
            }
            let result = try MappingTestSupport.withDocument(event) { trigger.matches($0) }
            XCTAssertEqual(result, expected, "fql.json \(name.debugDescription): \(fql) on \(event.jsonText)")
            if result == expected { passed += 1 }
        }
        XCTAssertEqual(
            passed, evaluationCases.count, "fql.json evaluations: \(passed) of \(evaluationCases.count) pass")
    }

    // MARK: Preset

    func testPresetMatchesTrackEventsOnly() throws {
        for (line, expected) in [
            (#"{"type":"track"}"#, true),
            (#"{"type":"Track"}"#, false),
            (#"{"type":"identify"}"#, false),
            (#"{"event":"track"}"#, false),
            (#"{"type":null}"#, false),
            (#"{"type":["track"]}"#, false),
            (#"{"type":"tr\u0061ck"}"#, true),
            (#"{"type":"page","type":"track"}"#, true),
            (#"{"type":"track","type":"page"}"#, false),
        ] {
            XCTAssertEqual(
                try MappingTestSupport.withDocument(line) { Trigger.trackEvents.matches($0) }, expected, line)
            assertMatches(#"type = "track""#, line, expected)
        }
    }

    // MARK: Logic

    func testPrecedence() {
        // a or (b and c): true with a alone, whereas the subset runtime's "last operator" rule would say false.
        let subscription = #"type = "a" or event = "b" and userId = "c""#
        assertMatches(subscription, #"{"type":"a"}"#, true)
        assertMatches(subscription, #"{"type":"x","event":"b"}"#, false)
        assertMatches(subscription, #"{"type":"x","event":"b","userId":"c"}"#, true)
        assertMatches(#"(type = "a" or event = "b") and userId = "c""#, #"{"type":"a"}"#, false)
        assertMatches(#"type = "a" and event = "b" or userId = "c""#, #"{"userId":"c"}"#, true)
    }

    func testNegationOfAGroup() {
        assertMatches(#"!(type = "track")"#, #"{"type":"track"}"#, false)
        assertMatches(#"!(type = "track")"#, #"{"type":"page"}"#, true)
        assertMatches(#"!(type = "track")"#, #"{}"#, true)
        assertMatches(#"!(type = "a" or type = "b")"#, #"{"type":"b"}"#, false)
        assertMatches(#"!(!(type = "a"))"#, #"{"type":"a"}"#, true)
        assertMatches(#"type = "track" and !(event = "x")"#, #"{"type":"track","event":"y"}"#, true)
    }

    func testNegatedFunctionVersusNegatedGroupOnAMissingField() {
        // `!contains` is false when the field is missing or not a string (kept from the subset runtime) ...
        assertMatches(#"!contains(event, "x")"#, #"{}"#, false)
        assertMatches(#"!contains(event, "x")"#, #"{"event":null}"#, false)
        assertMatches(#"!contains(event, "x")"#, #"{"event":5}"#, false)
        assertMatches(#"!contains(event, "x")"#, #"{"event":"abc"}"#, true)
        assertMatches(#"!contains(event, "x")"#, #"{"event":"axc"}"#, false)
        // ... while `!(contains(...))` is the logical negation, true on a missing field.
        assertMatches(#"!(contains(event, "x"))"#, #"{}"#, true)
        assertMatches(#"!(contains(event, "x"))"#, #"{"event":5}"#, true)
        assertMatches(#"!(contains(event, "x"))"#, #"{"event":"axc"}"#, false)
        // The same for match.
        assertMatches(#"!match(event, "a*")"#, #"{}"#, false)
        assertMatches(#"!match(event, "a*")"#, #"{"event":"ba"}"#, true)
        assertMatches(#"!match(event, "a*")"#, #"{"event":"ab"}"#, false)
        assertMatches(#"!(match(event, "a*"))"#, #"{}"#, true)
    }

    // MARK: Comparisons (5.3)

    func testStringEquality() {
        assertMatches(#"event = "API Call""#, #"{"event":"API Call"}"#, true)
        assertMatches(#"event = "API Call""#, #"{"event":"api call"}"#, false)
        assertMatches(#"event = "API""#, #"{"event":"API Call"}"#, false)
        assertMatches(#"event = "API Call""#, #"{"event":"API"}"#, false)
        assertMatches(#"event = "é""#, #"{"event":"\u00e9"}"#, true)
        assertMatches(#"event = "a\b""#, #"{"event":"a\\b"}"#, true)
        assertMatches(#"event = 'say "hi"'"#, #"{"event":"say \"hi\""}"#, true)
        assertMatches(#"event = "it's""#, #"{"event":"it's"}"#, true)
        assertMatches(#"event = 'track'"#, #"{"event":"track"}"#, true)
        assertMatches(#"event = """#, #"{"event":""}"#, true)
        assertMatches(#"event = """#, #"{}"#, false)
    }

    func testStringInequality() {
        assertMatches(#"event != "x""#, #"{"event":"y"}"#, true)
        assertMatches(#"event != "x""#, #"{"event":"x"}"#, false)
        assertMatches(#"event != "x""#, #"{}"#, true)
        assertMatches(#"event != "x""#, #"{"event":null}"#, true)
        assertMatches(#"event != "10""#, #"{"event":10}"#, true)
    }

    func testNumberVersusString() {
        assertMatches(#"properties.n = "10""#, #"{"properties":{"n":10}}"#, false)
        assertMatches(#"properties.n = "10""#, #"{"properties":{"n":"10"}}"#, true)
        assertMatches("properties.n = 10", #"{"properties":{"n":"10"}}"#, false)
        assertMatches("properties.n = 10", #"{"properties":{"n":10}}"#, true)
        assertMatches("properties.n = 10", #"{"properties":{"n":10.0}}"#, true)
        assertMatches("properties.n = 10", #"{"properties":{"n":1e1}}"#, true)
        assertMatches("properties.n = 1.5", #"{"properties":{"n":1.50}}"#, true)
        assertMatches("properties.n = -0", #"{"properties":{"n":0}}"#, true)
        assertMatches("properties.n > 10", #"{"properties":{"n":"11"}}"#, false)
        assertMatches("properties.n > 10", #"{"properties":{"n":11}}"#, true)
        assertMatches("properties.n >= 10", #"{"properties":{"n":10}}"#, true)
        assertMatches("properties.n < 10", #"{"properties":{"n":10}}"#, false)
        assertMatches("properties.n <= 10", #"{"properties":{"n":10}}"#, true)
        assertMatches("properties.n < 0", #"{"properties":{"n":-0.5}}"#, true)
        assertMatches("properties.n != 10", #"{"properties":{"n":11}}"#, true)
        assertMatches("properties.n != 10", #"{"properties":{"n":10}}"#, false)
        // `!= N` needs a number: missing, null and strings are false.
        assertMatches("properties.n != 10", #"{"properties":{}}"#, false)
        assertMatches("properties.n != 10", #"{"properties":{"n":null}}"#, false)
        assertMatches("properties.n != 10", #"{"properties":{"n":"11"}}"#, false)
        assertMatches("properties.n > 10", #"{}"#, false)
        // The event's number is read as JavaScript reads it.
        assertMatches("properties.n = 9007199254740992", #"{"properties":{"n":9007199254740993}}"#, true)
    }

    func testBooleans() {
        assertMatches("properties.b = true", #"{"properties":{"b":true}}"#, true)
        assertMatches("properties.b = true", #"{"properties":{"b":"true"}}"#, false)
        assertMatches("properties.b = true", #"{"properties":{"b":1}}"#, false)
        assertMatches("properties.b = false", #"{"properties":{"b":false}}"#, true)
        assertMatches("properties.b = false", #"{"properties":{}}"#, false)
        assertMatches("properties.b = false", #"{"properties":{"b":0}}"#, false)
        assertMatches("event = true", #"{"event":"true"}"#, false)
    }

    func testNull() {
        assertMatches("properties.a = null", #"{"properties":{}}"#, true)
        assertMatches("properties.a = null", #"{}"#, true)
        assertMatches("properties.a = null", #"{"properties":{"a":null}}"#, true)
        assertMatches("properties.a = null", #"{"properties":{"a":0}}"#, false)
        assertMatches("properties.a = null", #"{"properties":{"a":""}}"#, false)
        assertMatches("properties.a = null", #"{"properties":{"a":"null"}}"#, false)
        assertMatches("properties.a != null", #"{"properties":{"a":""}}"#, true)
        assertMatches("properties.a != null", #"{"properties":{"a":0}}"#, true)
        assertMatches("properties.a != null", #"{"properties":{"a":false}}"#, true)
        assertMatches("properties.a != null", #"{"properties":{"a":{}}}"#, true)
        assertMatches("properties.a != null", #"{"properties":{"a":null}}"#, false)
        assertMatches("properties.a != null", #"{"properties":{}}"#, false)
        // Unlike the subset runtime, `event != null` has the same meaning for every field.
        assertMatches("event != null", #"{}"#, false)
        assertMatches("event != null", #"{"event":"x"}"#, true)
        assertMatches("type = null", #"{}"#, true)
    }

    func testContainsAndMatch() {
        assertMatches(#"contains(event, "Nike")"#, #"{"event":"Air Nike Max"}"#, true)
        assertMatches(#"contains(event, "nike")"#, #"{"event":"Air Nike Max"}"#, false)
        assertMatches(#"contains(event, "")"#, #"{"event":"x"}"#, true)
        assertMatches(#"contains(event, "")"#, #"{"event":""}"#, true)
        assertMatches(#"contains(event, "x")"#, #"{}"#, false)
        assertMatches(#"contains(properties.n, "1")"#, #"{"properties":{"n":123}}"#, false)
        assertMatches(#"contains(event, "é")"#, #"{"event":"caf\u00e9!"}"#, true)
        assertMatches(#"contains(type, "rac")"#, #"{"type":"track"}"#, true)
        assertMatches(#"match(event, "API*")"#, #"{"event":"API Call"}"#, true)
        assertMatches(#"match(event, "API*")"#, #"{"event":"The API"}"#, false)
        assertMatches(#"match(event, "*API")"#, #"{"event":"The API"}"#, true)
        assertMatches(#"match(event, "*API")"#, #"{"event":"XAPIX"}"#, false)
        assertMatches(#"match(event, "*")"#, #"{"event":""}"#, true)
        assertMatches(#"match(event, "*")"#, #"{"event":"anything"}"#, true)
        assertMatches(#"match(event, "*")"#, #"{}"#, false)
        assertMatches(#"match(event, "a?*")"#, #"{"event":"a?b"}"#, true)
        assertMatches(#"match(event, "a?*")"#, #"{"event":"ab"}"#, false)
        assertMatches(#"match(event, "*\")"#, #"{"event":"x\\"}"#, true)
        assertMatches(#"match(event, "API*")"#, #"{"event":"API"}"#, true)
        assertMatches(#"match(event, "API*")"#, #"{"event":"AP"}"#, false)
    }

    // MARK: Fields (5.2)

    func testFieldLookup() {
        assertMatches(#"name = "Home""#, #"{"name":"Home"}"#, true)
        assertMatches(#"userId = "u1""#, #"{"userId":"u1"}"#, true)
        // `traits` is the top-level object, not `context.traits`.
        assertMatches(#"traits.plan = "pro""#, #"{"context":{"traits":{"plan":"pro"}}}"#, false)
        assertMatches(#"traits.plan = "pro""#, #"{"traits":{"plan":"pro"}}"#, true)
        assertMatches(#"context.traits.plan = "pro""#, #"{"context":{"traits":{"plan":"pro"}}}"#, true)
        // Arrays are entered with canonical indexes only.
        assertMatches(#"properties.items.1.sku = "b""#, #"{"properties":{"items":[{"sku":"a"},{"sku":"b"}]}}"#, true)
        assertMatches(#"properties.items.01.sku = "b""#, #"{"properties":{"items":[{"sku":"a"},{"sku":"b"}]}}"#, false)
        assertMatches(#"properties.items.2.sku != null"#, #"{"properties":{"items":[{"sku":"a"},{"sku":"b"}]}}"#, false)
        // Duplicate keys: the last one wins, at every level.
        assertMatches(#"properties.a = 2"#, #"{"properties":{"a":1,"a":2}}"#, true)
        assertMatches(#"properties.a = 2"#, #"{"properties":{"a":2},"properties":{"a":1}}"#, false)
        // Keys written with escapes in the event.
        assertMatches(#"properties.k\éy = 1"#, #"{"properties":{"k\u00e9y":1}}"#, true)
    }

    func testEscapedIdentifiers() {
        assertMatches(#"properties.a\.b = 1"#, #"{"properties":{"a.b":1}}"#, true)
        assertMatches(#"properties.a\.b = 1"#, #"{"properties":{"a":{"b":1}}}"#, false)
        assertMatches(#"properties.a.b = 1"#, #"{"properties":{"a.b":1}}"#, false)
        assertMatches(#"properties.property\ 1 = "Catalog""#, #"{"properties":{"property 1":"Catalog"}}"#, true)
        assertMatches(#"properties.property\ 1 = "Catalog""#, #"{"properties":{"property":{"1":"Catalog"}}}"#, false)
        assertMatches(#"properties.caf\é = 1"#, #"{"properties":{"café":1}}"#, true)
        assertMatches(#"properties.a\"b = 1"#, #"{"properties":{"a\"b":1}}"#, true)
    }

    func testNoFalsyIntermediateAndNoLength() {
        // Unlike upstream's `get`, a falsy intermediate is missing, not returned.
        assertMatches("properties.a.b = 0", #"{"properties":{"a":0}}"#, false)
        assertMatches("properties.a.b = null", #"{"properties":{"a":0}}"#, true)
        assertMatches(#"properties.a.b = """#, #"{"properties":{"a":""}}"#, false)
        // `length` is an ordinary key.
        assertMatches("properties.s.length = 3", #"{"properties":{"s":"abc"}}"#, false)
        assertMatches("properties.s.length != null", #"{"properties":{"s":[1,2,3]}}"#, false)
        assertMatches("properties.s.length = 3", #"{"properties":{"s":{"length":3}}}"#, true)
        // Strings are not entered by index.
        assertMatches(#"properties.s.0 = "a""#, #"{"properties":{"s":"abc"}}"#, false)
    }
}
