import Foundation
import XCTest

@testable import SegmentJSON

/// `JSONOutput` against Node.js: every expectation below is `JSON.stringify(JSON.parse(input))` except
/// that numbers keep their original spelling (a product decision).
final class JSONOutputTests: XCTestCase {
    /// (value placed as member `v`, expected output).
    static let nodeCases: [(input: String, expected: String)] = [
        // Whitespace goes, number spellings stay.
        (#"{ "a" : [1, 2.50, -0, 1E3] }"#, #"{"a":[1,2.50,-0,1E3]}"#),
        // Integer-like keys first, ascending; the others in insertion order.
        (#"{"b":1,"10":2,"a":3,"2":4}"#, #"{"2":4,"10":2,"b":1,"a":3}"#),
        (
            #"{"a":{"4294967295":1,"4294967294":2,"01":3,"-1":4,"1":5}}"#,
            #"{"a":{"1":5,"4294967294":2,"4294967295":1,"01":3,"-1":4}}"#
        ),
        (#"{"b":1.50,"1":1E3,"c":-0}"#, #"{"1":1E3,"b":1.50,"c":-0}"#),
        (#"{"z":{"y":1, "3":[ ]},"2":"\u0000"}"#, #"{"2":"\u0000","z":{"3":[],"y":1}}"#),
        (#"[ {"10" : "x" , "a":[ 1 ,2 ] } ]"#, #"[{"10":"x","a":[1,2]}]"#),
        // Duplicate keys in a reordered object: the last value, at the first key's position.
        (#"{"x":{"b":1,"10":2,"b":3}}"#, #"{"x":{"10":2,"b":3}}"#),
        (#"{"b":1,"10":2,"b":3}"#, #"{"10":2,"b":3}"#),
        (#"{"1":0,"a":1,"\u0061":2}"#, #"{"1":0,"a":2}"#),
        // Keys and strings are unescaped/re-escaped in both rewrite paths.
        (#"{"k\/":{"\u00e9":"\/"}}"#, #"{"k/":{"é":"/"}}"#),
        (#"{"a":{"\ud800":1,"9":2}}"#, #"{"a":{"9":2,"\ud800":1}}"#),
        (#"{ "a":"\u001f\n\"\\" }"#, #"{"a":"\u001f\n\"\\"}"#),
        (#"{ "a b" : "c d" }"#, #"{"a b":"c d"}"#),
        // Already canonical: copied as is.
        (#"{"a":[1,"x\n",{"b":null}],"c":"é"}"#, #"{"a":[1,"x\n",{"b":null}],"c":"é"}"#),
        // Strings.
        (#""\/""#, #""/""#),
        (#""\u00e9""#, #""é""#),
        (#""\ud83d\ude00""#, #""😀""#),
        (#""\uD83D\uDE00""#, #""😀""#),
        (#""\ud800""#, #""\ud800""#),
        (#""\uD800""#, #""\ud800""#),
        (#""\udc00x""#, #""\udc00x""#),
        (#""\ud800\u0041""#, #""\ud800A""#),
        (#""\u001F""#, #""\u001f""#),
        (#""\u0008""#, #""\b""#),
        (#""\u0009\u000a\u000C\u000d\u0022\u005c\u005C""#, #""\t\n\f\r\"\\\\""#),
        (#""\u2028""#, "\"\u{2028}\""),
        (#""\u007f""#, "\"\u{7F}\""),
        ("\"\u{7F}\"", "\"\u{7F}\""),
        (#""aaaaaaaaaaaaaaaa\/bbbbbbbbbbbbbbbb""#, #""aaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbb""#),
        (#""plain""#, #""plain""#),
        (#"["\/", " x "]"#, #"["/"," x "]"#),
        (#"[ "\u00e9" ]"#, #"["é"]"#),
        // Scalars.
        ("1E3", "1E3"),
        ("-0.0", "-0.0"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("true", "true"),
        ("null", "null"),
    ]

    func testAppendValueMatchesJSONStringifyExceptNumberSpelling() throws {
        for item in Self.nodeCases {
            XCTAssertEqual(try output(item.input), item.expected, item.input)
        }
    }

    func testLoneSurrogateIsWrittenAsLowerCaseEscape() throws {
        XCTAssertEqual(try output(#""\uDBFF""#), #""\udbff""#)
        XCTAssertEqual(try output(#"["\uDC00"]"#), #"["\udc00"]"#)
    }

    func testEmojiEscapeBecomesRawUTF8Bytes() throws {
        let bytes = try outputBytes(ofMember: "v", in: Array(#"{"v":"\ud83d\ude00"}"#.utf8))
        XCTAssertEqual(bytes, [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
    }

    func testDELStaysRaw() throws {
        let bytes = try outputBytes(ofMember: "v", in: Array(#"{"v":["\u007f"]}"#.utf8))
        XCTAssertEqual(bytes, [0x5B, 0x22, 0x7F, 0x22, 0x5D])
    }

    func testCanonicalContainerIsCopiedByteForByte() throws {
        let value = #"{"a":[1,"x\n\u001f",{"b":null}],"c":"é","d":1.50}"#
        XCTAssertEqual(try output(value), value)
    }

    func testAppendValueAppendsAfterExistingBytes() throws {
        try withParsedLine(#"{"v":{"a": 1}}"#) { document in
            var out = Array("prefix:".utf8)
            JSONOutput.appendValue(document.bytes, try XCTUnwrap(document.member("v")), to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), #"prefix:{"a":1}"#)
        }
    }

    func testRootObjectWithNavigatorFlagsIsWrittenCanonically() throws {
        // The parser leaves the root's flags unset; callers compute them with JSONNavigator.value.
        try withParsedLine(#"{ "b" : 1, "1" : "\/" }"#) { document in
            let root = JSONNavigator.value(document.bytes, at: document.root.start)
            var out: [UInt8] = []
            JSONOutput.appendValue(document.bytes, root, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), #"{"1":"/","b":1}"#)
        }
    }

    func testRootSpanIsWrittenCanonically() throws {
        let cases: [(String, String)] = [
            (#"{ "b" : 1, "1" : "\/" }"#, #"{"1":"/","b":1}"#), (#"{"a":[1, 2.50]}"#, #"{"a":[1,2.50]}"#),
            (#"{"a":1}"#, #"{"a":1}"#), (#"["\u00e9" ]"#, #"["é"]"#), (#""\/""#, #""/""#),
        ]
        for (line, expected) in cases {
            try withParsedLine(line) { document in
                var out: [UInt8] = []
                JSONOutput.appendValue(document.bytes, document.root, to: &out)
                XCTAssertEqual(String(decoding: out, as: UTF8.self), expected, line)
            }
        }
    }

    func testAppendCanonicalAndAppendRewrittenAgreeWithoutIntegerKeys() throws {
        let values = [
            #"{ "a" : [ 1 , { "b" : "\/\u00e9" } ] }"#, #"[ "\ud83d\ude00", "\ud800", "\u001F" ]"#,
            #"{"x":"\u0041\t"}"#,
        ]
        for value in values {
            try withParsedLine("{\"v\":\(value)}") { document in
                let span = try XCTUnwrap(document.member("v"))
                var rewritten: [UInt8] = []
                var canonical: [UInt8] = []
                JSONOutput.appendRewritten(document.bytes, span, to: &rewritten)
                JSONOutput.appendCanonical(document.bytes, span, to: &canonical)
                XCTAssertEqual(rewritten, canonical, value)
            }
        }
    }

    // MARK: - appendEscaped and owned values

    func testAppendEscapedMatchesJSONStringify() {
        var out: [UInt8] = []
        JSONOutput.appendEscaped("a\"b\\c\u{01}\u{08}\u{7F}é/\u{2028}\n", to: &out)
        // JSON.stringify("a\"b\\c\x01\x08\x7fé/\u2028\n") from Node.js.
        XCTAssertEqual(
            out.map { String(format: "%02x", $0) }.joined(),
            "22615c22625c5c635c75303030315c627fc3a92fe280a85c6e22")
    }

    func testAppendEscapedWritesWTF8LoneSurrogateAsEscape() {
        var out: [UInt8] = []
        JSONOutput.appendEscaped([0x61, 0xED, 0xA0, 0x80, 0x62], to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #""a\ud800b""#)
    }

    func testAppendEscapedKeepsValidThreeByteSequencesStartingWithED() {
        var out: [UInt8] = []
        JSONOutput.appendEscaped([0xED, 0x9F, 0xBF], to: &out)  // U+D7FF, not a surrogate
        XCTAssertEqual(out, [0x22, 0xED, 0x9F, 0xBF, 0x22])
    }

    /// The escaping rules byte by byte, as `appendEscaped` had them before it copied plain runs whole.
    static func referenceEscaped(_ decoded: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        var i = 0
        while i < decoded.count {
            let c = decoded[i]
            switch c {
            case 0x22, 0x5C: out += [0x5C, c]
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(c >> 4)], hex[Int(c & 0xF)]]
            case 0xED where i + 2 < decoded.count && decoded[i + 1] >= 0xA0:
                let unit = Int(c & 0x0F) << 12 | Int(decoded[i + 1] & 0x3F) << 6 | Int(decoded[i + 2] & 0x3F)
                out += Array(#"\u"#.utf8) + [12, 8, 4, 0].map { hex[(unit >> $0) & 0xF] }
                i += 2
            default: out.append(c)
            }
            i += 1
        }
        return out + [0x22]
    }

    func testAppendEscapedAgreesWithTheByteByByteRulesOnRandomStrings() {
        // Pieces that exercise every branch, runs of plain bytes between them, and a lone-surrogate
        // lead byte cut short at the end of the string.
        let pieces: [[UInt8]] = [
            Array("plain text ".utf8), [0x22], [0x5C], [0x0A], [0x09], [0x01], [0x1F], [0x7F], [0xED, 0xA0, 0x80],
            [0xED, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], Array("é€😀".utf8), [0xED], [0xED, 0xA0],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { input += pieces.randomElement(using: &generator)! }
            let expected = Self.referenceEscaped(input)
            var fromArray: [UInt8] = [0x41]
            JSONOutput.appendEscaped(input, to: &fromArray)
            XCTAssertEqual(fromArray, [0x41] + expected, "\(input)")
            var fromSlice: [UInt8] = []
            JSONOutput.appendEscaped(([0x00] + input)[1...], to: &fromSlice)
            XCTAssertEqual(fromSlice, expected, "\(input)")
            var fromNonContiguous: [UInt8] = []
            JSONOutput.appendEscaped(input.lazy.map { $0 }, to: &fromNonContiguous)
            XCTAssertEqual(fromNonContiguous, expected, "\(input)")
        }
    }

    func testAppendEscapedOfAStringMatchesItsUTF8Bytes() {
        for text in ["", "plain", "tab\there \"quoted\" \\", "é€😀\u{2028}", String(repeating: "x", count: 5_000)] {
            var fromString: [UInt8] = []
            JSONOutput.appendEscaped(text, to: &fromString)
            XCTAssertEqual(fromString, Self.referenceEscaped(Array(text.utf8)), text)
        }
    }

    func testAppendOwnedValueOrdersKeysAndKeepsNumberSpelling() {
        let value = JSONValue.object(
            JSONObject([
                ("b", .number(JSONNumber(text: "1.50"))), ("10", .bool(true)), ("a", .null),
                ("2", .array([.string("x/y"), .number(JSONNumber(0.1 + 0.2))])),
            ]))
        var out: [UInt8] = []
        JSONOutput.append(value, to: &out)
        XCTAssertEqual(
            String(decoding: out, as: UTF8.self), #"{"2":["x/y",0.30000000000000004],"10":true,"b":1.50,"a":null}"#)
    }

    func testIntegerKeyValue() {
        XCTAssertEqual(JSONObject.integerValue(utf8: Array("0".utf8)), 0)
        XCTAssertEqual(JSONObject.integerValue(utf8: Array("4294967294".utf8)), 4_294_967_294)
        XCTAssertNil(JSONObject.integerValue(utf8: Array("4294967295".utf8)))
        XCTAssertNil(JSONObject.integerValue(utf8: Array("01".utf8)))
        XCTAssertNil(JSONObject.integerValue(utf8: Array("-1".utf8)))
        XCTAssertNil(JSONObject.integerValue(utf8: []))
    }

    // Regression (found while writing these tests).
    func testEscapedIntegerLikeKeyIsOrderedFirst() throws {
        // node: JSON.stringify(JSON.parse('{"b":1,"\u0031":2}')) === '{"1":2,"b":1}'
        XCTAssertEqual(try output(#"{"b":1,"\u0031":2}"#), #"{"1":2,"b":1}"#)
        XCTAssertEqual(try output(#"{"a":{"b":1,"\u0031":2}}"#), #"{"a":{"1":2,"b":1}}"#)
    }
}
