import XCTest

@testable import SegmentJSON

final class JSONValueTests: XCTestCase {
    func testParseRoundTripsCanonicalText() throws {
        let texts = [
            "null", "true", "false", "0", "-0", "1.50", "1E3", "123456789012345678901234567890", #""é""#,
            "[]", "{}", #"[1,"two",[3],{"4":4}]"#, #"{"2":4,"10":2,"b":1,"a":3}"#, #"{"a":{"b":[null,true]}}"#,
            #"{"s":"é\n\u001f\"\\"}"#,
        ]
        for text in texts {
            XCTAssertEqual(try JSONValue.parse(text).jsonText, text, text)
        }
    }

    func testParseAcceptsWhitespaceAndNewlines() throws {
        let value = try JSONValue.parse("\n{\n  \"a\" : [ 1 ,\r\n 2 ],\t\"b\":\"\\/\"\n}\n")
        XCTAssertEqual(value.jsonText, #"{"a":[1,2],"b":"/"}"#)
    }

    func testParseTopLevelStringDecodesEscapes() throws {
        XCTAssertEqual(try JSONValue.parse(#""a\nb""#), .string("a\nb"))
        XCTAssertEqual(try JSONValue.parse(#""\u00e9\/""#), .string("é/"))
        XCTAssertEqual(try JSONValue.parse(#""\u00e9""#).jsonText, #""é""#)
    }

    func testParseOrdersIntegerLikeKeysFirst() throws {
        XCTAssertEqual(try JSONValue.parse(#"{"b":1,"10":2,"a":3,"2":4}"#).jsonText, #"{"2":4,"10":2,"b":1,"a":3}"#)
    }

    func testParseDuplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        XCTAssertEqual(value.jsonText, #"{"a":3,"b":2}"#)
        guard case .object(let object) = value else { return XCTFail("not an object") }
        XCTAssertEqual(object.keys, ["a", "b"])
        XCTAssertEqual(object["a"], .number(JSONNumber(text: "3")))
    }

    func testParseBuildsTheRightCases() throws {
        let value = try JSONValue.parse(#"{"s":"x","n":2.5,"t":true,"f":false,"z":null,"a":[1],"o":{}}"#)
        guard case .object(let object) = value else { return XCTFail("not an object") }
        XCTAssertEqual(object["s"], .string("x"))
        XCTAssertEqual(object["n"], .number(JSONNumber(2.5)))
        XCTAssertEqual(object["t"], .bool(true))
        XCTAssertEqual(object["f"], .bool(false))
        XCTAssertEqual(object["z"], .null)
        XCTAssertEqual(object["a"], .array([.number(JSONNumber(1))]))
        XCTAssertEqual(object["o"], .object(JSONObject()))
        XCTAssertNil(object["missing"])
    }

    func testParseErrorsAreSyntaxErrors() {
        XCTAssertThrowsError(try JSONValue.parse(#"{"a":1,}"#)) { error in
            XCTAssertEqual(
                error as? JSONSyntaxError,
                JSONSyntaxError(column: 8, reason: "unexpected '}', expected a string key or '}'"))
        }
        XCTAssertThrowsError(try JSONValue.parse("")) { error in
            XCTAssertEqual((error as? JSONSyntaxError)?.reason, "empty line")
        }
        XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0x22])) { error in
            XCTAssertEqual((error as? JSONSyntaxError)?.column, 2)
        }
    }

    func testKinds() {
        XCTAssertEqual(JSONValue.null.kind, .null)
        XCTAssertEqual(JSONValue.bool(true).kind, .true)
        XCTAssertEqual(JSONValue.bool(false).kind, .false)
        XCTAssertEqual(JSONValue.number(JSONNumber(1)).kind, .number)
        XCTAssertEqual(JSONValue.string("").kind, .string)
        XCTAssertEqual(JSONValue.array([]).kind, .array)
        XCTAssertEqual(JSONValue.object(JSONObject()).kind, .object)
        XCTAssertEqual(JSONKind.object.articleName, "an object")
        XCTAssertEqual(JSONKind.false.articleName, "a boolean")
        XCTAssertEqual(JSONKind.null.articleName, "null")
    }

    func testJSONStringWithSpecialCharacters() {
        XCTAssertEqual(JSONValue.string("a/\"\\\n\u{1}é").jsonText, #""a/\"\\\n\u0001é""#)
    }

    // MARK: - JSONNumber

    func testNumberKeepsSpellingAndComparesByValue() {
        let a = JSONNumber(text: "1.0")
        let b = JSONNumber(text: "1")
        XCTAssertEqual(a.text, "1.0")
        XCTAssertEqual(a.value, 1)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(JSONNumber(text: "1"), JSONNumber(text: "2"))
        XCTAssertEqual(JSONValue.number(JSONNumber(text: "1E3")).jsonText, "1E3")
    }

    func testNumberFromDoubleUsesJavaScriptSpelling() {
        XCTAssertEqual(JSONNumber(1).text, "1")
        XCTAssertEqual(JSONNumber(0.1 + 0.2).text, "0.30000000000000004")
        XCTAssertEqual(JSONNumber(1e21).text, "1e+21")
        XCTAssertEqual(JSONNumber(-0.0).text, "0")
    }

    func testBigIntegerKeepsDigitsButValueRounds() {
        let number = JSONNumber(text: "9007199254740993")
        XCTAssertEqual(number.text, "9007199254740993")
        XCTAssertEqual(number.value, 9_007_199_254_740_992)
    }

    // MARK: - JSONObject

    func testOverwriteKeepsPosition() {
        var object = JSONObject([("a", .null), ("b", .null)])
        object["a"] = .bool(true)
        XCTAssertEqual(object.keys, ["a", "b"])
        XCTAssertEqual(object["a"], .bool(true))
        XCTAssertEqual(JSONValue.object(object).jsonText, #"{"a":true,"b":null}"#)
    }

    func testInitWithDuplicatePairsKeepsFirstPositionLastValue() {
        let object = JSONObject([("x", .number(JSONNumber(1))), ("y", .null), ("x", .number(JSONNumber(2)))])
        XCTAssertEqual(object.count, 2)
        XCTAssertEqual(JSONValue.object(object).jsonText, #"{"x":2,"y":null}"#)
    }

    func testSettingNilRemovesTheKey() {
        var object = JSONObject([("a", .null), ("b", .null), ("c", .null)])
        object["b"] = nil
        XCTAssertEqual(object.keys, ["a", "c"])
        XCTAssertEqual(object.count, 2)
        object["b"] = .null
        XCTAssertEqual(object.keys, ["a", "c", "b"], "a removed key comes back at the end")
        object["zz"] = nil
        XCTAssertEqual(object.count, 3)
    }

    func testOrderedMembersPutIntegerLikeKeysFirstAscending() {
        let object = JSONObject([
            ("b", .null), ("10", .null), ("a", .null), ("2", .null), ("01", .null), ("-1", .null),
            ("4294967295", .null), ("4294967294", .null), ("0", .null),
        ])
        XCTAssertEqual(
            object.orderedMembers.map(\.key), ["0", "2", "10", "4294967294", "b", "a", "01", "-1", "4294967295"])
        XCTAssertEqual(object.keys, ["b", "10", "a", "2", "01", "-1", "4294967295", "4294967294", "0"])
    }

    func testOrderedMembersWithoutIntegerKeysIsInsertionOrder() {
        let object = JSONObject([("z", .null), ("a", .null), ("m", .null)])
        XCTAssertEqual(object.orderedMembers.map(\.key), ["z", "a", "m"])
    }

    func testIntegerValue() {
        XCTAssertEqual(JSONObject.integerValue("0"), 0)
        XCTAssertEqual(JSONObject.integerValue("4294967294"), 4_294_967_294)
        XCTAssertNil(JSONObject.integerValue("4294967295"))
        XCTAssertNil(JSONObject.integerValue("01"))
        XCTAssertNil(JSONObject.integerValue("-1"))
        XCTAssertNil(JSONObject.integerValue("1.0"))
        XCTAssertNil(JSONObject.integerValue(""))
        XCTAssertNil(JSONObject.integerValue("١"))  // Arabic-Indic digit one
    }

    func testEqualityIgnoresNothingButNumberSpelling() {
        XCTAssertEqual(try JSONValue.parse(#"{"a":[1.0]}"#), try JSONValue.parse(#"{"a":[1]}"#))
        XCTAssertNotEqual(try JSONValue.parse(#"{"a":1,"b":2}"#), try JSONValue.parse(#"{"b":2,"a":1}"#))
    }

    func testInitFromSpanOfNestedMember() throws {
        try withParsedLine(#"{"v":{"k\/":[1,"\u00e9"]}}"#) { document in
            let value = JSONValue(document.bytes, try XCTUnwrap(document.member("v")))
            XCTAssertEqual(value, .object(JSONObject([("k/", .array([.number(JSONNumber(1)), .string("é")]))])))
        }
    }
}
