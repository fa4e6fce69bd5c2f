import XCTest

@testable import SegmentJSON

final class JSONNavigatorTests: XCTestCase {
    private func withMember<R>(
        _ line: String, _ key: String = "v", _ body: (JSONBytes, JSONSpan) throws -> R
    ) throws -> R {
        try withParsedLine(line) { document in
            try body(document.bytes, try XCTUnwrap(document.member(key)))
        }
    }

    private func string(_ bytes: JSONBytes, _ span: JSONSpan) -> String {
        String(decoding: bytes.copyBytes(span.range), as: UTF8.self)
    }

    func testMemberFindsValueInNestedObject() throws {
        try withMember(#"{"v":{"a":1,"b":{"c":[2]},"d":"x"}}"#) { bytes, object in
            let b = try XCTUnwrap("b".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(b.kind, .object)
            XCTAssertEqual(string(bytes, b), #"{"c":[2]}"#)
            let d = try XCTUnwrap("d".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(string(bytes, d), #""x""#)
            XCTAssertNil("c".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
        }
    }

    func testMemberReturnsLastDuplicate() throws {
        try withMember(#"{"v":{"a":1,"b":2,"a":3}}"#) { bytes, object in
            let a = try XCTUnwrap("a".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(string(bytes, a), "3")
        }
    }

    func testMemberMatchesEscapedKeyByItsDecodedText() throws {
        try withMember(#"{"v":{"\u00e9\/":1,"\"q\"":2}}"#) { bytes, object in
            let first = try XCTUnwrap("é/".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(string(bytes, first), "1")
            let second = try XCTUnwrap(#""q""#.withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(string(bytes, second), "2")
        }
    }

    func testMemberInObjectWithWhitespace() throws {
        try withMember("{\"v\":{ \"a\" :\t1 ,\r\n \"b\" : [ 1 , 2 ] }}") { bytes, object in
            let b = try XCTUnwrap("b".withUTF8Buffer { JSONNavigator.member(bytes, in: object, key: $0) })
            XCTAssertEqual(string(bytes, b), "[ 1 , 2 ]")
        }
    }

    func testForEachMemberVisitsInDocumentOrderIncludingDuplicates() throws {
        try withMember(#"{"v":{"b":1,"a":{"x":[]},"b":"s","":null}}"#) { bytes, object in
            var seen: [String] = []
            JSONNavigator.forEachMember(bytes, in: object) { key, value in
                seen.append(self.string(bytes, key) + "=" + self.string(bytes, value))
            }
            XCTAssertEqual(seen, ["b=1", #"a={"x":[]}"#, #"b="s""#, "=null"])
        }
    }

    func testForEachMemberOfEmptyObjectVisitsNothing() throws {
        try withMember(#"{"v":{ }}"#) { bytes, object in
            var count = 0
            JSONNavigator.forEachMember(bytes, in: object) { _, _ in count += 1 }
            XCTAssertEqual(count, 0)
        }
    }

    func testElementsCountAndIndexing() throws {
        try withMember(#"{"v":[ 1 , "two" ,[3],{"4":4}, true,false,null,-5.5e1 ]}"#) { bytes, array in
            XCTAssertEqual(JSONNavigator.count(bytes, in: array), 8)
            let expected: [(JSONKind, String)] = [
                (.number, "1"), (.string, #""two""#), (.array, "[3]"), (.object, #"{"4":4}"#), (.true, "true"),
                (.false, "false"), (.null, "null"), (.number, "-5.5e1"),
            ]
            for (index, (kind, text)) in expected.enumerated() {
                let element = try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: index))
                XCTAssertEqual(element.kind, kind, "\(index)")
                XCTAssertEqual(string(bytes, element), text, "\(index)")
            }
            XCTAssertNil(JSONNavigator.element(bytes, in: array, at: 8))
            XCTAssertNil(JSONNavigator.element(bytes, in: array, at: -1))
        }
    }

    func testEmptyArray() throws {
        try withMember(#"{"v":[ ]}"#) { bytes, array in
            XCTAssertEqual(JSONNavigator.count(bytes, in: array), 0)
            XCTAssertNil(JSONNavigator.element(bytes, in: array, at: 0))
        }
    }

    func testForEachElementStopsWhenBodyReturnsFalse() throws {
        try withMember(#"{"v":[1,2,3,4]}"#) { bytes, array in
            var visited: [Int] = []
            JSONNavigator.forEachElement(bytes, in: array) { index, _ in
                visited.append(index)
                return index < 1
            }
            XCTAssertEqual(visited, [0, 1])
        }
    }

    func testValueOfStringNotesEscapes() throws {
        try withMember(#"{"v":["a\"b","plain"]}"#) { bytes, array in
            let first = try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: 0))
            XCTAssertEqual(string(bytes, first), #""a\"b""#)
            XCTAssertTrue(first.hasEscapes)
            XCTAssertFalse(try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: 1)).hasEscapes)
        }
    }

    func testValueOfStringEndingInEscapedBackslash() throws {
        try withMember(#"{"v":["a\\",1]}"#) { bytes, array in
            let first = try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: 0))
            XCTAssertEqual(string(bytes, first), #""a\\""#)
            XCTAssertEqual(string(bytes, try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: 1))), "1")
        }
    }

    func testValueOfNumberStopsAtDelimiter() throws {
        try withMember(#"{"v":[-1.5E+10,2]}"#) { bytes, array in
            let first = try XCTUnwrap(JSONNavigator.element(bytes, in: array, at: 0))
            XCTAssertEqual(first.kind, .number)
            XCTAssertEqual(string(bytes, first), "-1.5E+10")
        }
    }

    func testValueOfNumberAtEndOfLine() throws {
        try withParsedLine("12e3") { document in
            let span = JSONNavigator.value(document.bytes, at: 0)
            XCTAssertEqual(span, JSONSpan(start: 0, end: 4, kind: .number))
        }
    }

    /// Container flags computed by the navigator agree with those the parser records.
    func testContainerFlagsAgreeWithParser() throws {
        let values = [
            #"{"a":[1,"x",{"b":null}]}"#, #"{"a": 1}"#, "[1,\n2]", #"["\/"]"#, #"["\u00e9"]"#, #"["\u001F"]"#,
            #"["\u001f"]"#, #"["\n","\"","\\"]"#, #"["\u000a"]"#, #"{"10":1}"#, #"{"01":1,"-1":2}"#,
            #"[{"7":1}]"#, #"{"a":{"4294967294":1}}"#, #"{"a":{"4294967295":1}}"#, #"{"a":"10"}"#, #"["10"]"#,
            #"{"a":{"b":1},"2":[]}"#, #"[[],{},"10",{"x":[{"3": 1}]}]"#, #"{"\/":1}"#, #"{"a b":"c d"}"#,
            #"{"a":["10",{"b":"1"}],"c":{"d":1}}"#,
        ]
        for value in values {
            try withMember("{\"v\":\(value)}") { bytes, parsed in
                let navigated = JSONNavigator.value(bytes, at: parsed.start)
                XCTAssertEqual(navigated.range, parsed.range, value)
                XCTAssertEqual(navigated.kind, parsed.kind, value)
                XCTAssertEqual(navigated.flags, parsed.flags, value)
            }
        }
    }

    func testIntegerLikeKeyAfterNestedContainerIsFound() throws {
        try withMember(#"{"v":{"a":{"b":[1]},"3":1}}"#) { bytes, object in
            XCTAssertTrue(JSONNavigator.value(bytes, at: object.start).needsReorder)
        }
        try withMember(#"{"v":{"a":["5"],"b":1}}"#) { bytes, object in
            XCTAssertFalse(JSONNavigator.value(bytes, at: object.start).needsReorder)
        }
    }

    func testIsCanonicalUnicodeEscape() {
        let cases: [(String, Bool)] = [
            ("0000", true), ("001f", true), ("000b", true), ("0007", true), ("001F", false), ("0008", false),
            ("0009", false), ("000a", false), ("000c", false), ("000d", false), ("0020", false), ("00e9", false),
            ("d800", false), ("0041", false),
        ]
        for (hex, expected) in cases {
            let result = Array(hex.utf8).withUnsafeBufferPointer {
                JSONNavigator.isCanonicalUnicodeEscape($0.baseAddress!)
            }
            XCTAssertEqual(result, expected, hex)
        }
    }

    func testSkipWhitespace() {
        JSONBytes.with(Array(" \t\r\nx  ".utf8)) { bytes in
            XCTAssertEqual(JSONNavigator.skipWhitespace(bytes, 0), 4)
            XCTAssertEqual(JSONNavigator.skipWhitespace(bytes, 4), 4)
            XCTAssertEqual(JSONNavigator.skipWhitespace(bytes, 5), 7)
        }
    }

    func testKeyEqualsWithAndWithoutEscapes() throws {
        try withParsedLine(#"{"abc":1,"a\u0062c":2,"":3}"#) { document in
            let plain = document.key(at: 0)
            let escaped = document.key(at: 1)
            let empty = document.key(at: 2)
            for (key, expectPlain, expectEmpty) in [("abc", true, false), ("ab", false, false), ("", false, true)] {
                key.withUTF8Buffer { buffer in
                    XCTAssertEqual(JSONNavigator.keyEquals(document.bytes, plain, buffer), expectPlain, key)
                    XCTAssertEqual(JSONNavigator.keyEquals(document.bytes, escaped, buffer), expectPlain, key)
                    XCTAssertEqual(JSONNavigator.keyEquals(document.bytes, empty, buffer), expectEmpty, key)
                }
            }
        }
    }
}

extension String {
    /// Runs `body` with the string's UTF-8 bytes as a raw buffer.
    func withUTF8Buffer<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    func testSkippingStringsFindsEveryQuoteAndBackslashWhateverItsOffset() throws {
        // skipString reads eight bytes at a time: put escapes at every offset of that window, and
        // end the line right after the string so the tail is read byte by byte.
        for length in 0..<24 {
            for escapeAt in -1..<length {
                var body = String(repeating: "a", count: length)
                if escapeAt >= 0 {
                    let index = body.index(body.startIndex, offsetBy: escapeAt)
                    body.replaceSubrange(index...index, with: escapeAt % 2 == 0 ? #"\""# : #"\\"#)
                }
                let line = #"{"k":"\#(body)","z":1,"e":"\#(body)"}"#
                try withParsedLine(line) { document in
                    var key = "z"
                    let z = key.withUTF8 {
                        JSONNavigator.member(document.bytes, in: document.root, key: UnsafeRawBufferPointer($0))
                    }
                    XCTAssertEqual(z.map { text(document, $0) }, "1", line)
                    key = "e"
                    let e = key.withUTF8 {
                        JSONNavigator.member(document.bytes, in: document.root, key: UnsafeRawBufferPointer($0))
                    }
                    XCTAssertEqual(e.map { text(document, $0) }, "\"\(body)\"", line)
                }
            }
        }
    }
}
