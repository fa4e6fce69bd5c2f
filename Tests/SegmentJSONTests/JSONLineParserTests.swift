import XCTest

@testable import SegmentJSON

final class JSONLineParserTests: XCTestCase {
    // MARK: - Valid lines

    func testAllValueKindsAreRecordedAsTopLevelMembers() throws {
        let line = #"{"s":"x","n":-1.5e+3,"t":true,"f":false,"z":null,"o":{"k":[1,{}]},"a":[],"e":{}}"#
        try withParsedLine(line) { document in
            XCTAssertEqual(document.root.kind, .object)
            XCTAssertEqual(document.root.range, 0..<line.utf8.count)
            XCTAssertEqual(document.memberCount, 8)
            let expected: [(String, JSONKind, String)] = [
                ("s", .string, #""x""#), ("n", .number, "-1.5e+3"), ("t", .true, "true"), ("f", .false, "false"),
                ("z", .null, "null"), ("o", .object, #"{"k":[1,{}]}"#), ("a", .array, "[]"), ("e", .object, "{}"),
            ]
            for (index, (key, kind, value)) in expected.enumerated() {
                XCTAssertEqual(text(document, document.key(at: index)), key)
                XCTAssertEqual(document.value(at: index).kind, kind, key)
                XCTAssertEqual(text(document, document.value(at: index)), value, key)
                XCTAssertEqual(document.member(key), document.value(at: index), key)
            }
        }
    }

    func testSpansExcludeQuotesAndSurroundingWhitespace() throws {
        try withParsedLine(#"  { "a" : [ 1 ] ,"b":"x y" }  "#) { document in
            XCTAssertEqual(document.memberCount, 2)
            XCTAssertEqual(document.key(at: 0).range, 5..<6)
            XCTAssertEqual(text(document, document.key(at: 0)), "a")
            XCTAssertEqual(text(document, document.value(at: 0)), "[ 1 ]")
            XCTAssertEqual(text(document, document.key(at: 1)), "b")
            XCTAssertEqual(text(document, document.value(at: 1)), #""x y""#)
            XCTAssertEqual(text(document, document.root), #"{ "a" : [ 1 ] ,"b":"x y" }"#)
        }
    }

    func testEmptyObjectHasNoMembers() throws {
        try withParsedLine("{ }") { document in
            XCTAssertEqual(document.root.kind, .object)
            XCTAssertEqual(document.memberCount, 0)
            XCTAssertNil(document.member("a"))
        }
    }

    func testNestedContainersAreOneMemberEach() throws {
        try withParsedLine(#"{"a":{"b":{"c":[[1],[2,{"d":"e"}]]}},"f":1}"#) { document in
            XCTAssertEqual(document.memberCount, 2)
            XCTAssertEqual(text(document, document.member("a")!), #"{"b":{"c":[[1],[2,{"d":"e"}]]}}"#)
            XCTAssertEqual(text(document, document.member("f")!), "1")
        }
    }

    func testEscapesAndUnicodeAreAccepted() throws {
        let line = #"{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\uD83D\uDE00","é":"😀","\u0061b":1}"#
        try withParsedLine(line) { document in
            let s = try XCTUnwrap(document.member("s"))
            XCTAssertEqual(s.kind, .string)
            XCTAssertTrue(s.hasEscapes)
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("é"))), #""😀""#)
            XCTAssertFalse(try XCTUnwrap(document.member("é")).hasEscapes)
            // A key written with an escape is found by its unescaped text.
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("ab"))), "1")
        }
    }

    func testNumbersKeepTheirExactSpans() throws {
        let numbers = [
            "0", "-0", "-0.0", "123456789012345678901234567890", "1E3", "1e-7", "2.5E+10", "1e400", "-1.5e-10",
            "9007199254740993", "0.000001",
        ]
        let line = "{" + numbers.enumerated().map { "\"n\($0.offset)\":\($0.element)" }.joined(separator: ",") + "}"
        try withParsedLine(line) { document in
            for (index, number) in numbers.enumerated() {
                let span = try XCTUnwrap(document.member("n\(index)"))
                XCTAssertEqual(span.kind, .number)
                XCTAssertEqual(text(document, span), number)
            }
        }
    }

    func testDuplicateTopLevelKeyReturnsLastValue() throws {
        try withParsedLine(#"{"a":1,"b":2,"a":3}"#) { document in
            XCTAssertEqual(document.memberCount, 3)
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("a"))), "3")
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("b"))), "2")
        }
    }

    func testDuplicateKeyWrittenWithEscapeStillWinsWhenLast() throws {
        try withParsedLine(#"{"a":1,"\u0061":2}"#) { document in
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("a"))), "2")
        }
    }

    func testMissingAndEmptyKeys() throws {
        try withParsedLine(#"{"":5,"ab":1}"#) { document in
            XCTAssertEqual(text(document, try XCTUnwrap(document.member(""))), "5")
            XCTAssertNil(document.member("a"))
            XCTAssertNil(document.member("abc"))
        }
    }

    func testTrailingCarriageReturnIsWhitespace() throws {
        try withParsedLine("{\"a\":1}\r") { document in
            XCTAssertEqual(document.root.range, 0..<7)
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("a"))), "1")
        }
    }

    func testTopLevelNonObjectsParseWithRootKind() throws {
        let cases: [(String, JSONKind, String)] = [
            ("[1,2]", .array, "[1,2]"), (#""x""#, .string, #""x""#), ("42", .number, "42"),
            ("-1e3", .number, "-1e3"), ("true", .true, "true"), ("false", .false, "false"), ("null", .null, "null"),
            (" [ ] ", .array, "[ ]"),
        ]
        for (line, kind, rootText) in cases {
            try withParsedLine(line) { document in
                XCTAssertEqual(document.root.kind, kind, line)
                XCTAssertEqual(document.memberCount, 0, line)
                XCTAssertNil(document.member("a"), line)
                XCTAssertEqual(text(document, document.root), rootText, line)
            }
        }
    }

    func testReusedDocumentForgetsThePreviousLinesMembers() throws {
        var parser = JSONLineParser()
        var document = JSONDocument()
        try JSONBytes.with(Array(#"{"a":1,"b":2,"c":3}"#.utf8)) { bytes in
            try parser.parse(bytes, into: &document)
        }
        XCTAssertEqual(document.memberCount, 3)
        try JSONBytes.with(Array("[1]".utf8)) { bytes in
            try parser.parse(bytes, into: &document)
            XCTAssertEqual(document.memberCount, 0)
            XCTAssertNil(document.member("a"))
        }
        try JSONBytes.with(Array(#"{"d":4}"#.utf8)) { bytes in
            try parser.parse(bytes, into: &document)
            XCTAssertEqual(document.memberCount, 1)
            XCTAssertNil(document.member("a"))
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("d"))), "4")
        }
    }

    func testWideObjectGrowsTheMemberTable() throws {
        let line = "{" + (0..<200).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        try withParsedLine(line) { document in
            XCTAssertEqual(document.memberCount, 200)
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("k0"))), "0")
            XCTAssertEqual(text(document, try XCTUnwrap(document.member("k199"))), "199")
            XCTAssertEqual(text(document, document.key(at: 150)), "k150")
        }
    }

    func testValidMultiByteUTF8BoundariesAreAccepted() {
        let sequences: [[UInt8]] = [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0x7F],
        ]
        for sequence in sequences {
            let line = Array(#"{"a":""#.utf8) + sequence + Array(#""}"#.utf8)
            XCTAssertNil(syntaxError(line), "\(sequence)")
        }
    }

    // MARK: - Empty lines

    func testEmptyLineThrows() {
        XCTAssertEqual(syntaxError(""), JSONSyntaxError(column: 1, reason: "empty line"))
    }

    func testWhitespaceOnlyLineThrowsEmptyLine() {
        XCTAssertEqual(syntaxError("  \t\r"), JSONSyntaxError(column: 5, reason: "empty line"))
    }

    // MARK: - Invalid JSON, with the column

    /// (line, 1-based column, fragment of the reason).
    static let invalidCases: [(line: String, column: Int, reason: String)] = [
        (#"{"a":1,}"#, 8, "expected a string key"),
        ("[1,]", 4, "unexpected ']', expected a value"),
        (#"{"a" 1}"#, 6, "unexpected '1', expected ':'"),
        (#"{'a':1}"#, 2, "expected a string key"),
        (#"{a:1}"#, 2, "unexpected 'a', expected a string key"),
        (#"{"a":01}"#, 7, "leading zero in number"),
        (#"{"a":-01}"#, 8, "leading zero in number"),
        (#"{"a":1.}"#, 8, "expected a digit after '.'"),
        (#"{"a":.5}"#, 6, "unexpected '.', expected a value"),
        (#"{"a":-}"#, 7, "invalid number"),
        (#"{"a":+1}"#, 6, "unexpected '+', expected a value"),
        (#"{"a":NaN}"#, 6, "unexpected 'N', expected a value"),
        (#"{"a":Infinity}"#, 6, "unexpected 'I', expected a value"),
        (#"{"a":-Infinity}"#, 7, "invalid number"),
        (#"{"a":1e}"#, 8, "expected a digit in exponent"),
        (#"{"a":1e+}"#, 9, "expected a digit in exponent"),
        ("{\"a\":\"x\ty\"}", 8, "unescaped control character 0x9 in string"),
        ("{\"a\":\"x\ny\"}", 8, "unescaped control character 0xa in string"),
        (#"{"a":"\x"}"#, 8, #"invalid escape '\x'"#),
        (#"{"a":"\'"}"#, 8, #"invalid escape '\''"#),
        (#"{"a":"\u12"}"#, 11, #"invalid hex digit in \u escape"#),
        (#"{"a":"\uZZZZ"}"#, 9, #"invalid hex digit in \u escape"#),
        (#"{"a":"\u12"#, 7, #"incomplete \u escape"#),
        (#"{"a":"x\"#, 9, "unterminated string"),
        (#"{"a":"abc"#, 10, "unterminated string"),
        (#"{"a":1"#, 7, "unexpected end of line, expected ',' or '}'"),
        (#"{"a":"#, 6, "unexpected end of line, expected a value"),
        (#"{"a""#, 5, "unexpected end of line, expected ':'"),
        ("{", 2, "unexpected end of line, expected a string key or '}'"),
        (#"{"a":[1"#, 8, "unexpected end of line, expected ',' or ']'"),
        (#"{"a":{"b":1"#, 12, "unexpected end of line, expected ',' or '}'"),
        (#"{"a":1}x"#, 8, "unexpected 'x', expected end of line after the JSON value"),
        (#"{"a":1}{"b":2}"#, 8, "expected end of line after the JSON value"),
        (#"{"a":1} {"b":2}"#, 9, "expected end of line after the JSON value"),
        (#"{"a":1},"#, 8, "expected end of line after the JSON value"),
        (#"{"a":tru}"#, 9, "invalid literal"),
        (#"{"a":nul"#, 6, "invalid literal"),
        (#"{"a":True}"#, 6, "unexpected 'T', expected a value"),
        (#"{"a":[1 2]}"#, 9, "expected ',' or ']'"),
        (#"{"a":{"b":1 "c":2}}"#, 13, "expected ',' or '}'"),
        (#"{"a":{"b":1,}}"#, 13, "expected a string key"),
        (#"{"a":1 "b":2}"#, 8, "expected ',' or '}'"),
        ("{\"a\":1\u{0C}}", 7, "unexpected byte 0xc, expected ',' or '}'"),
        ("{\"a\":1}\u{0B}", 8, "expected end of line"),
        ("[1,2]]", 6, "expected end of line"),
        ("]", 1, "expected a value"),
    ]

    func testInvalidLinesReportColumnAndReason() {
        for item in Self.invalidCases {
            guard let error = syntaxError(item.line) else {
                XCTFail("accepted \(item.line)")
                continue
            }
            XCTAssertEqual(error.column, item.column, "\(item.line): \(error)")
            XCTAssertTrue(error.reason.contains(item.reason), "\(item.line): \(error)")
        }
    }

    func testErrorDescriptionNamesColumn() {
        XCTAssertEqual(
            syntaxError(#"{"a":1,}"#)?.description,
            "invalid JSON at column 8: unexpected '}', expected a string key or '}'")
    }

    func testNULByteInsideStringIsRejected() {
        let line = Array(#"{"a":"x"#.utf8) + [0x00] + Array(#"y"}"#.utf8)
        XCTAssertEqual(
            syntaxError(line), JSONSyntaxError(column: 8, reason: "unescaped control character 0x0 in string"))
    }

    func testNULByteInsideKeyIsRejected() {
        let line = Array(#"{"a"#.utf8) + [0x00] + Array(#"":1}"#.utf8)
        XCTAssertEqual(syntaxError(line)?.column, 4)
    }

    func testNULByteOutsideStringIsRejected() {
        let line = Array(#"{"a":1"#.utf8) + [0x00] + Array("}".utf8)
        XCTAssertEqual(
            syntaxError(line), JSONSyntaxError(column: 7, reason: "unexpected byte 0x0, expected ',' or '}'"))
    }

    func testControlCharacterFoundByTheEightByteScanReportsItsOwnColumn() {
        // The bad byte sits after a run long enough for the word-at-a-time fast path.
        let line = Array(#"{"a":"0123456789abcdef"#.utf8) + [0x1F] + Array(#"x"}"#.utf8)
        XCTAssertEqual(syntaxError(line)?.column, 23)
    }

    // MARK: - Invalid UTF-8

    /// (bytes placed inside a string value at column 7, expected column, reason fragment).
    static let invalidUTF8Cases: [(bytes: [UInt8], column: Int, reason: String)] = [
        ([0xC0, 0xAF], 7, "invalid UTF-8 byte 0xc0"),  // overlong '/'
        ([0xC1, 0xBF], 7, "invalid UTF-8 byte 0xc1"),  // overlong
        ([0xE0, 0x80, 0xAF], 8, "invalid UTF-8 sequence"),  // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0xAF], 8, "invalid UTF-8 sequence"),  // overlong 4-byte
        ([0xED, 0xA0, 0x80], 8, "invalid UTF-8 sequence"),  // surrogate U+D800
        ([0xED, 0xBF, 0xBF], 8, "invalid UTF-8 sequence"),  // surrogate U+DFFF
        ([0xF4, 0x90, 0x80, 0x80], 8, "invalid UTF-8 sequence"),  // U+110000
        ([0xF5, 0x80, 0x80, 0x80], 7, "invalid UTF-8 byte 0xf5"),
        ([0x80], 7, "invalid UTF-8 byte 0x80"),  // lone continuation byte
        ([0xBF], 7, "invalid UTF-8 byte 0xbf"),
        ([0xFF], 7, "invalid UTF-8 byte 0xff"),
        ([0xFE], 7, "invalid UTF-8 byte 0xfe"),
        ([0xC3, 0x28], 8, "invalid UTF-8 sequence"),  // missing continuation
        ([0xE2, 0x82], 9, "invalid UTF-8 sequence"),  // cut short by the closing quote
        ([0xE2, 0x82, 0x41], 9, "invalid UTF-8 sequence"),
        ([0xF0, 0x9F, 0x98, 0x41], 10, "invalid UTF-8 sequence"),
    ]

    func testInvalidUTF8InStringsIsRejectedAtTheBadByte() {
        for item in Self.invalidUTF8Cases {
            let line = Array(#"{"a":""#.utf8) + item.bytes + Array(#""}"#.utf8)
            guard let error = syntaxError(line) else {
                XCTFail("accepted \(item.bytes)")
                continue
            }
            XCTAssertEqual(error.column, item.column, "\(item.bytes): \(error)")
            XCTAssertTrue(error.reason.contains(item.reason), "\(item.bytes): \(error)")
        }
    }

    func testUTF8SequenceTruncatedAtEndOfLineIsRejected() {
        for bytes: [UInt8] in [[0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3]] {
            let line = Array(#"{"a":""#.utf8) + bytes
            XCTAssertEqual(
                syntaxError(line), JSONSyntaxError(column: 7, reason: "truncated UTF-8 sequence"), "\(bytes)")
        }
    }

    func testInvalidUTF8InKeyIsRejected() {
        let line = Array(#"{""#.utf8) + [0xFF] + Array(#"":1}"#.utf8)
        XCTAssertEqual(syntaxError(line), JSONSyntaxError(column: 3, reason: "invalid UTF-8 byte 0xff"))
    }

    func testInvalidUTF8AfterLongASCIIRunIsRejected() {
        let line = Array(#"{"a":"abcdefghijklmnop"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)
        XCTAssertEqual(syntaxError(line)?.column, 24)
    }

    func testNonASCIIByteOutsideStringIsRejected() {
        let line = Array(#"{"a":"#.utf8) + [0xC3, 0xA9] + Array("}".utf8)
        XCTAssertEqual(syntaxError(line), JSONSyntaxError(column: 6, reason: "unexpected byte 0xc3, expected a value"))
    }

    // MARK: - Nesting depth

    private func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    func testNestingAtMaximumDepthIsAccepted() throws {
        let depth = JSONLineParser.maximumDepth
        // The root object is the first level.
        try withParsedLine(#"{"a":"# + nestedArrays(depth - 1) + "}") { document in
            XCTAssertEqual(document.member("a")?.kind, .array)
        }
        try withParsedLine(nestedArrays(depth)) { document in
            XCTAssertEqual(document.root.kind, .array)
        }
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        XCTAssertNil(syntaxError(objects))
    }

    func testNestingOneDeeperThanMaximumIsRejected() {
        let depth = JSONLineParser.maximumDepth
        let reason = "nesting deeper than \(depth) levels"
        // The first container too deep opens at index 5 + (depth - 1).
        XCTAssertEqual(
            syntaxError(#"{"a":"# + nestedArrays(depth) + "}"), JSONSyntaxError(column: 5 + depth, reason: reason))
        XCTAssertEqual(syntaxError(nestedArrays(depth + 1)), JSONSyntaxError(column: depth + 1, reason: reason))
        let objects = String(repeating: #"{"a":"#, count: depth + 1) + "1" + String(repeating: "}", count: depth + 1)
        XCTAssertEqual(syntaxError(objects), JSONSyntaxError(column: 5 * depth + 1, reason: reason))
    }

    func testVeryDeepNestingIsRejectedWithoutExhaustingTheStack() {
        let error = syntaxError(String(repeating: "[", count: 1_000_000))
        XCTAssertEqual(error?.reason, "nesting deeper than \(JSONLineParser.maximumDepth) levels")
    }

    // MARK: - Canonical-form flags on top-level member values

    func testCompactCanonicalContainerHasNoFlags() throws {
        XCTAssertEqual(try memberFlags(#"{"v":{"a":[1,"x",{"b":null}],"c":{}}}"#), 0)
        XCTAssertEqual(try memberFlags(#"{ "v" : {"a":1} , "w":2 }"#), 0, "whitespace of the root object only")
        XCTAssertEqual(try memberFlags(#"{"v":[]}"#), 0)
    }

    func testWhitespaceInsideContainerNeedsRewrite() throws {
        for line in [
            #"{"v":{"a": 1}}"#, #"{"v":{ "a":1}}"#, #"{"v":{"a":1 }}"#, #"{"v":{"a" :1}}"#, #"{"v":[1 ,2]}"#,
            "{\"v\":[\t1]}", "{\"v\":[1,\r\n2]}", #"{"v":{"a":[ ]}}"#, #"{"v":{"a":1, "b":2}}"#,
        ] {
            XCTAssertEqual(try memberFlags(line), JSONSpan.needsRewrite, line)
        }
    }

    func testSpaceInsideStringDoesNotNeedRewrite() throws {
        XCTAssertEqual(try memberFlags(#"{"v":{"a b":"c d"}}"#), 0)
    }

    func testNonCanonicalEscapesNeedRewrite() throws {
        for line in [
            #"{"v":["\/"]}"#, #"{"v":["\u00e9"]}"#, #"{"v":["\u001F"]}"#, #"{"v":["\u0041"]}"#,
            #"{"v":["\u000a"]}"#, #"{"v":["\u0008"]}"#, #"{"v":["\ud83d\ude00"]}"#, #"{"v":{"\/":1}}"#,
            #"{"v":{"a":{"b":"\u00E9"}}}"#,
        ] {
            XCTAssertEqual(try memberFlags(line), JSONSpan.needsRewrite, line)
        }
    }

    func testCanonicalEscapesDoNotNeedRewrite() throws {
        for line in [
            #"{"v":["\u001f"]}"#, #"{"v":["\u0000"]}"#, #"{"v":["\n"]}"#, #"{"v":["\""]}"#, #"{"v":["\\"]}"#,
            #"{"v":["\b\f\r\t"]}"#, #"{"v":{"\n":"\u000b"}}"#,
        ] {
            XCTAssertEqual(try memberFlags(line), 0, line)
        }
    }

    func testTopLevelStringCarriesOnlyHasEscapes() throws {
        XCTAssertEqual(try memberFlags(#"{"v":"\/"}"#), JSONSpan.hasEscapes)
        XCTAssertEqual(try memberFlags(#"{"v":"\u00e9"}"#), JSONSpan.hasEscapes)
        XCTAssertEqual(try memberFlags(#"{"v":"\n"}"#), JSONSpan.hasEscapes)
        XCTAssertEqual(try memberFlags(#"{"v":"plain é"}"#), 0)
        XCTAssertEqual(try memberFlags(#"{"v":12}"#), 0)
    }

    func testIntegerLikeNestedKeyNeedsReorder() throws {
        for line in [
            #"{"v":{"10":1}}"#, #"{"v":{"0":1}}"#, #"{"v":[{"7":1}]}"#, #"{"v":{"a":{"4294967294":1}}}"#,
            #"{"v":{"b":1,"2":2}}"#,
        ] {
            XCTAssertEqual(try memberFlags(line), JSONSpan.needsReorder, line)
        }
        XCTAssertEqual(try memberFlags(#"{"v":{"10": 1}}"#), JSONSpan.needsReorder | JSONSpan.needsRewrite)
    }

    func testKeysThatAreNotIntegerLikeDoNotNeedReorder() throws {
        for line in [
            #"{"v":{"01":1}}"#, #"{"v":{"-1":1}}"#, #"{"v":{"1.0":1}}"#, #"{"v":{"4294967295":1}}"#,
            #"{"v":{"1a":1}}"#, #"{"v":{"12345678901":1}}"#, #"{"v":{"a":"10"}}"#, #"{"v":["10"]}"#,
        ] {
            XCTAssertEqual(try memberFlags(line), 0, line)
        }
    }

    func testIntegerLikeTopLevelKeysAreNotFlagged() throws {
        try withParsedLine(#"{"10":{"a":1},"2":[1]}"#) { document in
            XCTAssertEqual(document.member("10")?.flags, 0)
            XCTAssertEqual(document.member("2")?.flags, 0)
        }
    }

    func testRootSpanCarriesCanonicalFormFlags() throws {
        let rewrite = JSONSpan.needsRewrite
        let reorder = JSONSpan.needsReorder
        let cases: [(String, UInt8)] = [
            (#"{"a":1}"#, 0), (#"  {"a":1}  "#, 0), ("{\"a\":1}\r", 0), ("{}", 0), ("{ }", rewrite),
            (#"{ "a":1}"#, rewrite), (#"{"a" :1}"#, rewrite), (#"{"a": 1}"#, rewrite), (#"{"a":1 }"#, rewrite),
            (#"{"a":1, "b":2}"#, rewrite), (#"{"a":{"b": 1}}"#, rewrite), (#"{"\/":1}"#, rewrite),
            (#"{"a":"\/"}"#, rewrite), (#"{"a":"\n"}"#, 0), (#"{"10":1}"#, reorder), (#"{"a":{"2":1}}"#, reorder),
            (#"{"01":1}"#, 0), (#"{ "10":1}"#, rewrite | reorder), ("[1, 2]", rewrite), (#"["\n"]"#, 0),
            ("[1,2]", 0), (#""\/""#, JSONSpan.hasEscapes), (#""x""#, 0), ("1", 0), ("null", 0),
        ]
        for (line, flags) in cases {
            try withParsedLine(line) { document in
                XCTAssertEqual(document.root.flags, flags, line)
                if document.root.kind == .object || document.root.kind == .array {
                    XCTAssertEqual(JSONNavigator.value(document.bytes, at: document.root.start), document.root, line)
                }
            }
        }
    }

    func testIsIntegerLikeKey() {
        let cases: [(String, Bool)] = [
            ("0", true), ("7", true), ("10", true), ("4294967294", true), ("4294967295", false),
            ("9999999999", false), ("01", false), ("00", false), ("-1", false), ("1.0", false), ("", false),
            ("1e3", false), (" 1", false),
        ]
        for (key, expected) in cases {
            let bytes = Array(key.utf8)
            let result = bytes.withUnsafeBufferPointer { buffer -> Bool in
                guard let base = buffer.baseAddress else { return false }
                return JSONLineParser.isIntegerLikeKey(base, 0, buffer.count)
            }
            XCTAssertEqual(result, expected, key)
        }
    }
}
