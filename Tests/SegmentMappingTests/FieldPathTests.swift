import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `FieldPath` (splitting, SEMANTICS 4.3) and `FieldPath.evaluate(on:)` (walking), against
/// `testdata/vectors/paths.json` and the rules of 4.3.
final class FieldPathTests: XCTestCase {
    // MARK: Helpers

    /// Evaluates `path` on the event `line`; nil for missing. A nil path (the vectors' `"path": null`,
    /// upstream's `get(obj, undefined)`) has nothing to look up and is missing without touching the event.
    private func lookup(
        _ path: FieldPath?, in line: String, file: StaticString = #filePath, line testLine: UInt = #line
    ) -> JSONValue?? {
        do {
            return try MappingTestSupport.withDocument(line) { document in
                guard let path else { return JSONValue?.none }
                return MappingTestSupport.materialize(path.evaluate(on: document), in: document)
            }
        } catch {
            XCTFail("event did not parse: \(line): \(error)", file: file, line: testLine)
            return .none
        }
    }

    /// Asserts that `path` on `event` gives `expected` (JSON text), or missing when `expected` is nil.
    private func assertPath(
        _ path: String, on event: String, gives expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertPath(FieldPath(path), on: event, gives: expected, file: file, line: line)
    }

    private func assertPath(
        _ path: FieldPath, on event: String, gives expected: String?, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let result = lookup(path, in: event, file: file, line: line) else { return }
        let wanted = expected.map { MappingTestSupport.json($0, file: file, line: line) }
        XCTAssertEqual(result, wanted, "path \(path.source.debugDescription) on \(event)", file: file, line: line)
    }

    private func keys(_ path: String) -> [String] {
        FieldPath(path).segments.map { String(decoding: $0.key, as: UTF8.self) }
    }

    // MARK: Vectors

    func testEveryPathsVector() throws {
        let cases = try MappingTestSupport.vectorCases("paths.json")
        XCTAssertGreaterThan(cases.count, 0, "paths.json has no cases")
        var passed = 0
        for testCase in cases {
            guard case .string(let name)? = testCase["name"], let object = testCase["object"],
                let pathValue = testCase["path"]
            else {
                XCTFail("malformed case: \(testCase)")
                continue
            }
            let path: FieldPath?
            switch pathValue {
            case .string(let text): path = FieldPath(text)
            case .array(let elements):
                path = FieldPath(
                    keys: elements.map { element -> String in
                        if case .string(let key) = element { return key }
                        XCTFail("\(name): array path element is not a string")
                        return ""
                    })
            case .null: path = nil
            default:
                XCTFail("\(name): unexpected path \(pathValue)")
                continue
            }
            let expected: JSONValue?
            if case .bool(true)? = testCase["missing"] {
                expected = nil
            } else if let value = testCase["expected"] {
                expected = value
            } else {
                XCTFail("\(name): neither expected nor missing")
                continue
            }
            guard let result = lookup(path, in: object.jsonText) else { continue }
            XCTAssertEqual(result, expected, "paths.json case \(name.debugDescription)")
            if result == expected { passed += 1 }
        }
        XCTAssertEqual(passed, cases.count, "paths.json: \(passed) of \(cases.count) cases pass")
    }

    // MARK: Splitting (4.3)

    func testDollarDotIsRemovedOnlyOnceAnywhere() {
        XCTAssertEqual(keys("$.a.b"), ["a", "b"])
        XCTAssertEqual(keys("a.b"), ["a", "b"])
        XCTAssertEqual(keys("o.$.k"), ["o", "k"])
        // Only the first occurrence goes: the second `$.` leaves a key named `$`.
        XCTAssertEqual(keys("$.$.a"), ["$", "a"])
        XCTAssertEqual(keys("a.$.b.$.c"), ["a", "b", "$", "c"])
        // `$` without a dot is an ordinary key.
        XCTAssertEqual(keys("$"), ["$"])
        assertPath("o.$.k", on: #"{"o":{"k":1,"$":{"k":2}}}"#, gives: "1")
        assertPath("$.$.a", on: #"{"a":1,"$":{"a":2}}"#, gives: "2")
    }

    func testBracketsAndQuotes() {
        XCTAssertEqual(keys("a.b[0].c"), ["a", "b", "0", "c"])
        XCTAssertEqual(keys("a.b.0.c"), ["a", "b", "0", "c"])
        XCTAssertEqual(keys(#"a["b"]"#), ["a", "b"])
        XCTAssertEqual(keys("a['b']"), ["a", "b"])
        XCTAssertEqual(keys("['a'].b"), ["a", "b"])
        XCTAssertEqual(keys(#"["a"].b"#), ["a", "b"])
        // `[` not followed by a quote or digit does not split: `a[b]` is one key.
        XCTAssertEqual(keys("a[b]"), ["a[b]"])
        XCTAssertEqual(keys("[txt] non"), ["[txt] non"])
        // A run of `]` after a digit is one split.
        XCTAssertEqual(keys("f[0]]].g"), ["f", "0", "g"])
        // Every quote character is removed, wherever it is.
        XCTAssertEqual(keys("it's"), ["its"])
        XCTAssertEqual(keys(#"a"b"#), ["ab"])
        // Empty segments are dropped.
        XCTAssertEqual(keys("a..b."), ["a", "b"])
        // Spaces and non-ASCII are ordinary key characters.
        XCTAssertEqual(
            keys("$.integrations.Actions Amplitude.session_id"), ["integrations", "Actions Amplitude", "session_id"])
        XCTAssertEqual(keys("properties.prix €"), ["properties", "prix €"])

        let event = #"{"a":{"b":[{"c":"first"},{"c":"second"}]},"a[b]":"bracketed","its":"no quote","a.b":"dotted"}"#
        assertPath("a.b[0].c", on: event, gives: #""first""#)
        assertPath("a.b.1.c", on: event, gives: #""second""#)
        assertPath(#"a["b"][1]["c"]"#, on: event, gives: #""second""#)
        assertPath("['a']['b'][0].c", on: event, gives: #""first""#)
        assertPath("a[b]", on: event, gives: #""bracketed""#)
        assertPath("it's", on: event, gives: #""no quote""#)
        // A key containing `.` can never be addressed by a string path.
        assertPath("a.b", on: event, gives: #"[{"c":"first"},{"c":"second"}]"#)
        assertPath(#"["a.b"]"#, on: event, gives: #"[{"c":"first"},{"c":"second"}]"#)
    }

    func testArrayFormDoesNotSplit() {
        let event = #"{"a.b":1,"a":{"b":2},"$.a":3,"it's":4}"#
        assertPath(FieldPath(keys: ["a.b"]), on: event, gives: "1")
        assertPath(FieldPath(keys: ["a", "b"]), on: event, gives: "2")
        assertPath(FieldPath(keys: ["$.a"]), on: event, gives: "3")
        assertPath(FieldPath(keys: ["it's"]), on: event, gives: "4")
        assertPath(FieldPath(keys: ["x"]), on: event, gives: nil)
        assertPath(FieldPath(keys: []), on: event, gives: event)
    }

    func testWholeEvent() {
        let event = #"{"a":1,"b":[true]}"#
        for path in ["", ".", "$.", "..", "$.."] {
            XCTAssertTrue(FieldPath(path).segments.isEmpty, path)
            assertPath(path, on: event, gives: event)
        }
    }

    // MARK: Walking (4.3)

    func testFalsyIntermediateIsReturned() {
        assertPath("a.x", on: #"{"a":0}"#, gives: "0")
        assertPath("a.x", on: #"{"a":-0}"#, gives: "0")
        assertPath("a.x", on: #"{"a":0.0}"#, gives: "0")
        assertPath("a.x", on: #"{"a":""}"#, gives: #""""#)
        assertPath("a.x", on: #"{"a":null}"#, gives: "null")
        assertPath("a.x", on: #"{"a":false}"#, gives: "false")
        assertPath("a.x.y.z", on: #"{"a":false}"#, gives: "false")
        // Truthy scalars give missing.
        assertPath("a.x", on: #"{"a":true}"#, gives: nil)
        assertPath("a.x", on: #"{"a":1}"#, gives: nil)
        assertPath("a.x", on: #"{"a":"s"}"#, gives: nil)
        // `{}` and `[]` are truthy: the key is simply absent.
        assertPath("a.x", on: #"{"a":{}}"#, gives: nil)
        assertPath("a.x", on: #"{"a":[]}"#, gives: nil)
        // A missing intermediate stays missing.
        assertPath("b.x", on: #"{"a":0}"#, gives: nil)
    }

    func testFalsyLengthIsReturned() {
        // `length` of an empty array is 0, which is falsy: the walk stops and returns it.
        assertPath("a.length.x", on: #"{"a":[]}"#, gives: "0")
        assertPath("a.length.x", on: #"{"a":[1]}"#, gives: nil)
    }

    func testArrays() {
        let event = #"{"a":[10,20,30],"e":[]}"#
        assertPath("a.length", on: event, gives: "3")
        assertPath("e.length", on: event, gives: "0")
        assertPath("a.0", on: event, gives: "10")
        assertPath("a[2]", on: event, gives: "30")
        assertPath("a.3", on: event, gives: nil)
        assertPath("a.01", on: event, gives: nil)
        assertPath("a.-1", on: event, gives: nil)
        assertPath("a.1.0", on: event, gives: nil)
        assertPath("a.x", on: event, gives: nil)
    }

    func testStrings() {
        let event = #"{"s":"☕é😀","t":"abc","u":"\u00e9x"}"#
        // `length` counts UTF-16 code units: ☕ (1) é (1) 😀 (2).
        assertPath("s.length", on: event, gives: "4")
        assertPath("t.length", on: event, gives: "3")
        assertPath("u.length", on: event, gives: "2")
        assertPath("t.0", on: event, gives: #""a""#)
        assertPath("t[2]", on: event, gives: #""c""#)
        assertPath("s.1", on: event, gives: #""é""#)
        assertPath("u.0", on: event, gives: #""é""#)
        assertPath("t.3", on: event, gives: nil)
        assertPath("t.01", on: event, gives: nil)
        assertPath("t.x", on: event, gives: nil)
        // `length` of a number or boolean is missing.
        assertPath("n.length", on: #"{"n":5}"#, gives: nil)
        assertPath("b.length", on: #"{"b":true}"#, gives: nil)
    }

    func testLengthOnObjectIsAKey() {
        assertPath("o.length", on: #"{"o":{"length":7}}"#, gives: "7")
        assertPath("o.length", on: #"{"o":{"a":1}}"#, gives: nil)
        assertPath("length", on: #"{"length":"top"}"#, gives: #""top""#)
    }

    func testDuplicateKeysLastWins() {
        assertPath("a", on: #"{"a":1,"a":2}"#, gives: "2")
        assertPath("o.k", on: #"{"o":{"k":1,"k":2}}"#, gives: "2")
    }

    func testEscapedKeysInTheEvent() {
        assertPath("key", on: #"{"k\u0065y":1}"#, gives: "1")
        assertPath("o.é", on: #"{"o":{"\u00e9":2}}"#, gives: "2")
        assertPath(#"o.a"b"#, on: #"{"o":{"ab":3,"a\"b":4}}"#, gives: "3")
    }

    func testValuesArePassedThroughWithTheirSpelling() throws {
        try MappingTestSupport.withDocument(#"{"p":{"big":12345678901234567890,"x":1.50}}"#) { document in
            guard case .span(let span) = FieldPath("$.p").evaluate(on: document) else {
                return XCTFail("expected a span")
            }
            XCTAssertEqual(
                String(decoding: document.bytes.copyBytes(span.range), as: UTF8.self),
                #"{"big":12345678901234567890,"x":1.50}"#)
        }
    }

    func testDescriptionIsTheSource() {
        XCTAssertEqual(FieldPath("$.context.groupId").description, "$.context.groupId")
        XCTAssertEqual(FieldPath(keys: ["a", "b"]).description, "a.b")
    }
}
