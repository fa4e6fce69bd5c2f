import XCTest

@testable import SegmentJSON

final class JSONStringDecoderTests: XCTestCase {
    /// The decoded bytes of the string `literal` (a JSON string with its quotes).
    private func decoded(_ literal: [UInt8]) throws -> [UInt8] {
        try withParsedLine(literal) { document in
            XCTAssertEqual(document.root.kind, .string)
            let span = JSONNavigator.value(document.bytes, at: document.root.start)
            return JSONStringDecoder.decode(document.bytes, span)
        }
    }

    private func decoded(_ literal: String) throws -> [UInt8] { try decoded(Array(literal.utf8)) }

    private func decodedString(_ literal: String) throws -> String {
        try withParsedLine(literal) { document in
            JSONStringDecoder.string(document.bytes, JSONNavigator.value(document.bytes, at: document.root.start))
        }
    }

    func testPlainStringIsCopied() throws {
        XCTAssertEqual(try decoded(#""héllo 😀""#), Array("héllo 😀".utf8))
        XCTAssertEqual(try decoded(#""""#), [])
    }

    func testSimpleEscapes() throws {
        XCTAssertEqual(try decoded(#""\"\\\/\b\f\n\r\t""#), [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09])
    }

    func testUnicodeEscapesInBothCases() throws {
        XCTAssertEqual(try decoded(#""\u0041\u00e9\u00E9\u20AC""#), Array("Aéé€".utf8))
        XCTAssertEqual(try decoded(#""\u0000""#), [0])
    }

    func testSurrogatePairBecomesOneScalar() throws {
        XCTAssertEqual(try decoded(#""\ud83d\ude00""#), [0xF0, 0x9F, 0x98, 0x80])
        XCTAssertEqual(try decoded(#""\uDBFF\uDFFF""#), [0xF4, 0x8F, 0xBF, 0xBF])
    }

    func testLoneSurrogatesAreKeptAsWTF8() throws {
        XCTAssertEqual(try decoded(#""\ud800""#), [0xED, 0xA0, 0x80])
        XCTAssertEqual(try decoded(#""\udc00x""#), [0xED, 0xB0, 0x80, 0x78])
        // A high surrogate followed by something other than a low surrogate stays alone.
        XCTAssertEqual(try decoded(#""\ud800\u0041""#), [0xED, 0xA0, 0x80, 0x41])
        XCTAssertEqual(try decoded(#""\ud800\ud800""#), [0xED, 0xA0, 0x80, 0xED, 0xA0, 0x80])
        // Low then high is two lone surrogates.
        XCTAssertEqual(try decoded(#""\udc00\ud800""#), [0xED, 0xB0, 0x80, 0xED, 0xA0, 0x80])
    }

    func testStringDecodesEscapes() throws {
        XCTAssertEqual(try decodedString(#""\u00e9\n""#), "é\n")
        XCTAssertEqual(try decodedString(#""plain""#), "plain")
    }

    func testAppendAddsToExistingBytes() throws {
        try withParsedLine(#""x\ty""#) { document in
            var out: [UInt8] = [0x3E]
            JSONStringDecoder.append(
                document.bytes, JSONNavigator.value(document.bytes, at: 0), to: &out)
            XCTAssertEqual(out, [0x3E, 0x78, 0x09, 0x79])
        }
    }

    func testAppendScalarEncodingBoundaries() {
        let cases: [(UInt32, [UInt8])] = [
            (0x00, [0x00]), (0x7F, [0x7F]), (0x80, [0xC2, 0x80]), (0x7FF, [0xDF, 0xBF]), (0x800, [0xE0, 0xA0, 0x80]),
            (0xD800, [0xED, 0xA0, 0x80]), (0xFFFF, [0xEF, 0xBF, 0xBF]), (0x10000, [0xF0, 0x90, 0x80, 0x80]),
            (0x10FFFF, [0xF4, 0x8F, 0xBF, 0xBF]),
        ]
        for (scalar, expected) in cases {
            var out: [UInt8] = []
            JSONStringDecoder.appendScalar(scalar, to: &out)
            XCTAssertEqual(out, expected, String(scalar, radix: 16))
        }
    }

    func testHex4() {
        for (hex, value) in [("0000", 0), ("00e9", 0xE9), ("00E9", 0xE9), ("FFFF", 0xFFFF), ("d83D", 0xD83D)] {
            let result = Array(hex.utf8).withUnsafeBufferPointer { JSONStringDecoder.hex4($0.baseAddress!) }
            XCTAssertEqual(result, UInt32(value), hex)
        }
    }

    func testUTF16LengthCountsLikeJavaScript() {
        XCTAssertEqual(JSONStringDecoder.utf16Length(Array("".utf8)), 0)
        XCTAssertEqual(JSONStringDecoder.utf16Length(Array("abc".utf8)), 3)
        XCTAssertEqual(JSONStringDecoder.utf16Length(Array("a😀é€".utf8)), 5)
        XCTAssertEqual(JSONStringDecoder.utf16Length([0xED, 0xA0, 0x80]), 1)  // a lone surrogate
    }

    // Regression (found while writing these tests).
    func testStringReplacesALoneSurrogateWithReplacementCharacters() throws {
        // Documented: the three generalised-UTF-8 bytes of a lone surrogate each become U+FFFD.
        XCTAssertEqual(try decodedString(#""a\ud800b""#), "a\u{FFFD}\u{FFFD}\u{FFFD}b")
    }
}
